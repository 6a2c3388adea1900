package dev.featherman.gateway.flightsql;

import com.google.protobuf.Any;
import com.google.protobuf.Message;
import dev.featherman.engine.query.OutputFormat;
import dev.featherman.engine.query.QueryControl;
import dev.featherman.gateway.api.LakeBrowser;
import dev.featherman.gateway.api.QueryService;
import dev.featherman.gateway.auth.Principal;
import dev.featherman.gateway.executor.Route;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.regex.Pattern;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.CancelFlightInfoRequest;
import org.apache.arrow.flight.CancelStatus;
import org.apache.arrow.flight.FlightDescriptor;
import org.apache.arrow.flight.FlightEndpoint;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.PutResult;
import org.apache.arrow.flight.Result;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.flight.sql.BasicFlightSqlProducer;
import org.apache.arrow.flight.sql.SqlInfoBuilder;
import org.apache.arrow.flight.sql.impl.FlightSql;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Flight SQL over the gateway's query service: statements and prepared statements run exactly as
 * {@code POST /v1/queries} runs them (same sandbox, limits, admission slots and cancellation),
 * their Arrow result relayed batch by batch; catalogs, schemas, tables and SQL info answer BI
 * tools' browsing from the lakes themselves ({@link LakeMetadata}). Statement handles and tickets
 * carry only the catalog and the SQL, so this server keeps no state between calls and any replica
 * can serve any of them.
 */
final class LakeFlightSqlProducer extends BasicFlightSqlProducer {
  private static final Schema NO_SCHEMA = new Schema(List.of());

  /** What a statement that is not a query answers: DuckDB's count of the rows it changed. */
  private static final Schema UPDATE_COUNT =
      new Schema(
          List.of(
              new org.apache.arrow.vector.types.pojo.Field(
                  "Count",
                  org.apache.arrow.vector.types.pojo.FieldType.nullable(
                      new org.apache.arrow.vector.types.pojo.ArrowType.Int(64, true)),
                  null)));

  private final QueryService queries;
  private final BufferAllocator allocator;
  private final ExecutorService threads;
  private final LakeBrowser browser;
  private final LakeMetadata metadata;
  private final SqlInfoBuilder sqlInfo;

  LakeFlightSqlProducer(
      QueryService queries,
      LakeBrowser browser,
      BufferAllocator allocator,
      ExecutorService threads,
      String version) {
    this.queries = queries;
    this.allocator = allocator;
    this.threads = threads;
    this.browser = browser;
    this.metadata = new LakeMetadata(browser, allocator);
    this.sqlInfo =
        new SqlInfoBuilder()
            .withFlightSqlServerName("Featherman")
            .withFlightSqlServerVersion(version)
            .withFlightSqlServerArrowVersion(
                String.valueOf(Schema.class.getPackage().getImplementationVersion()))
            .withFlightSqlServerReadOnly(false)
            .withFlightSqlServerSql(true)
            .withFlightSqlServerSubstrait(false)
            .withFlightSqlServerTransaction(
                FlightSql.SqlSupportedTransaction.SQL_SUPPORTED_TRANSACTION_NONE)
            .withFlightSqlServerCancel(true)
            .withFlightSqlServerBulkIngestion(true)
            .withSqlIdentifierQuoteChar("\"")
            .withSqlCatalogTerm("catalog")
            .withSqlSchemaTerm("schema");
  }

  // Statements

  @Override
  public FlightInfo getFlightInfoStatement(
      FlightSql.CommandStatementQuery command, CallContext context, FlightDescriptor descriptor) {
    return statementInfo(
        StatementHandle.prepared(catalogOf(context), command.getQuery()), context, descriptor);
  }

  @Override
  public void getStreamStatement(
      FlightSql.TicketStatementQuery ticket, CallContext context, ServerStreamListener listener) {
    run(StatementHandle.from(ticket.getStatementHandle()), context, listener);
  }

  @Override
  public Runnable acceptPutStatement(
      FlightSql.CommandStatementUpdate command,
      CallContext context,
      FlightStream flightStream,
      StreamListener<PutResult> ackStream) {
    StatementHandle handle = StatementHandle.prepared(catalogOf(context), command.getQuery());
    return () -> update(handle.execution(), context, ackStream);
  }

  /**
   * ADBC's {@code adbc_ingest}: the client's batches are appended to a lake table as one snapshot
   * (the REST rows endpoint's path, with the same caps); mode create makes the table from the
   * batches' columns when it does not exist. Replacing a table is refused.
   */
  @Override
  public Runnable acceptPutStatementBulkIngest(
      FlightSql.CommandStatementIngest command,
      CallContext context,
      FlightStream flightStream,
      StreamListener<PutResult> ackStream) {
    return () -> {
      try {
        var options = command.getTableDefinitionOptions();
        var ifExists = options.getIfExists();
        boolean create =
            options.getIfNotExist()
                == FlightSql.CommandStatementIngest.TableDefinitionOptions.TableNotExistOption
                    .TABLE_NOT_EXIST_OPTION_CREATE;
        if (ifExists
            == FlightSql.CommandStatementIngest.TableDefinitionOptions.TableExistsOption
                .TABLE_EXISTS_OPTION_REPLACE) {
          throw CallStatus.INVALID_ARGUMENT
              .withDescription(
                  "replacing a table is not supported: append (mode append), or drop it with SQL")
              .toRuntimeException();
        }
        if (command.hasSchema()
            && !command.getSchema().isEmpty()
            && !"main".equals(command.getSchema())) {
          throw CallStatus.INVALID_ARGUMENT
              .withDescription("tables live in schema main; leave db_schema_name unset")
              .toRuntimeException();
        }
        if (command.getTemporary()) {
          throw CallStatus.INVALID_ARGUMENT
              .withDescription("temporary tables are not supported in a lake")
              .toRuntimeException();
        }
        String catalog =
            command.hasCatalog() && !command.getCatalog().isEmpty()
                ? command.getCatalog()
                : catalogOf(context);
        Principal caller = caller(context);
        queries.authorizeWrite(caller, catalog);
        failIfExists(caller, catalog, command.getTable(), ifExists);
        var result =
            queries.ingest(
                caller,
                catalog,
                dev.featherman.engine.ingest.IngestFormat.ARROW,
                caps ->
                    dev.featherman.engine.ingest.LakeIngest.Request.ofBatches(
                        command.getTable(),
                        new FlightStreamBatches(flightStream, allocator),
                        allocator,
                        caller.name(),
                        caps,
                        create));
        reply(
            ackStream,
            FlightSql.DoPutUpdateResult.newBuilder().setRecordCount(result.rows()).build());
      } catch (Exception e) {
        ackStream.onError(FlightErrors.of(e));
      }
    };
  }

  /** Mode create (the default of adbc_ingest) must not append to a table that exists. */
  private void failIfExists(
      Principal caller,
      String catalog,
      String table,
      FlightSql.CommandStatementIngest.TableDefinitionOptions.TableExistsOption ifExists)
      throws Exception {
    boolean fail =
        ifExists
                == FlightSql.CommandStatementIngest.TableDefinitionOptions.TableExistsOption
                    .TABLE_EXISTS_OPTION_FAIL
            || ifExists
                == FlightSql.CommandStatementIngest.TableDefinitionOptions.TableExistsOption
                    .TABLE_EXISTS_OPTION_UNSPECIFIED;
    if (fail && browser.tables(caller, catalog).stream().anyMatch(t -> t.equalsIgnoreCase(table))) {
      throw CallStatus.ALREADY_EXISTS
          .withDescription(
              "table '" + table + "' exists in catalog " + catalog + ": ingest with mode append")
          .toRuntimeException();
    }
  }

  // Prepared statements: the handle is the statement, and carries its bound values.

  @Override
  public void createPreparedStatement(
      FlightSql.ActionCreatePreparedStatementRequest request,
      CallContext context,
      StreamListener<Result> listener) {
    StatementHandle handle = StatementHandle.prepared(catalogOf(context), request.getQuery());
    Principal caller = caller(context);
    FlightSql.ActionCreatePreparedStatementResult.Builder result =
        FlightSql.ActionCreatePreparedStatementResult.newBuilder()
            .setPreparedStatementHandle(handle.toBytes())
            .setDatasetSchema(
                com.google.protobuf.ByteString.copyFrom(
                    LakeMetadata.ipc(resultSchema(caller, handle, NO_SCHEMA))));
    try {
      if (ParameterSchema.mayHavePlaceholders(handle.sql())) {
        List<String> types = browser.parameterTypes(caller, handle.catalog(), handle.sql());
        if (!types.isEmpty()) {
          result.setParameterSchema(
              com.google.protobuf.ByteString.copyFrom(LakeMetadata.ipc(ParameterSchema.of(types))));
        }
      }
    } catch (Exception e) {
      // The statement is judged again when it runs, with the same answer: report it now.
      listener.onError(FlightErrors.of(e));
      return;
    }
    listener.onNext(new Result(Any.pack(result.build()).toByteArray()));
    listener.onCompleted();
  }

  @Override
  public void closePreparedStatement(
      FlightSql.ActionClosePreparedStatementRequest request,
      CallContext context,
      StreamListener<Result> listener) {
    listener.onCompleted(); // nothing is kept per prepared statement
  }

  @Override
  public FlightInfo getFlightInfoPreparedStatement(
      FlightSql.CommandPreparedStatementQuery command,
      CallContext context,
      FlightDescriptor descriptor) {
    return statementInfo(
        StatementHandle.from(command.getPreparedStatementHandle()), context, descriptor);
  }

  /**
   * Binds a query's parameters: the values of the one row sent become part of a new handle, which
   * the client uses from then on (Flight SQL's stateless prepared statements), so no replica keeps
   * them.
   */
  @Override
  public Runnable acceptPutPreparedStatementQuery(
      FlightSql.CommandPreparedStatementQuery command,
      CallContext context,
      FlightStream flightStream,
      StreamListener<PutResult> ackStream) {
    StatementHandle handle = StatementHandle.from(command.getPreparedStatementHandle());
    return () -> {
      try {
        StatementHandle bound = handle.withParams(ParameterValues.single(flightStream));
        FlightSql.DoPutPreparedStatementResult result =
            FlightSql.DoPutPreparedStatementResult.newBuilder()
                .setPreparedStatementHandle(bound.toBytes())
                .build();
        reply(ackStream, result);
      } catch (RuntimeException e) {
        ackStream.onError(FlightErrors.of(e));
      }
    };
  }

  @Override
  public Runnable acceptPutPreparedStatementUpdate(
      FlightSql.CommandPreparedStatementUpdate command,
      CallContext context,
      FlightStream flightStream,
      StreamListener<PutResult> ackStream) {
    StatementHandle handle = StatementHandle.from(command.getPreparedStatementHandle());
    return () -> {
      refuseParameters(flightStream);
      update(handle.execution(), context, ackStream);
    };
  }

  @Override
  public void cancelFlightInfo(
      CancelFlightInfoRequest request, CallContext context, StreamListener<CancelStatus> listener) {
    Principal caller = caller(context);
    boolean cancelled = false;
    for (FlightEndpoint endpoint : request.getInfo().getEndpoints()) {
      String id = idOf(endpoint.getTicket());
      cancelled |= id != null && queries.cancel(id, caller.name());
    }
    listener.onNext(cancelled ? CancelStatus.CANCELLED : CancelStatus.NOT_CANCELLABLE);
    listener.onCompleted();
  }

  // Browsing

  @Override
  public void getStreamSqlInfo(
      FlightSql.CommandGetSqlInfo command, CallContext context, ServerStreamListener listener) {
    sqlInfo.send(command.getInfoList(), listener);
  }

  @Override
  public void getStreamCatalogs(CallContext context, ServerStreamListener listener) {
    metadata.catalogs(caller(context), listener);
  }

  @Override
  public void getStreamSchemas(
      FlightSql.CommandGetDbSchemas command, CallContext context, ServerStreamListener listener) {
    metadata.schemas(
        caller(context),
        command.hasCatalog() ? command.getCatalog() : null,
        command.hasDbSchemaFilterPattern() ? likePattern(command.getDbSchemaFilterPattern()) : null,
        listener);
  }

  @Override
  public void getStreamTables(
      FlightSql.CommandGetTables command, CallContext context, ServerStreamListener listener) {
    metadata.tables(
        caller(context),
        new LakeMetadata.TableFilter(
            command.hasCatalog() ? command.getCatalog() : null,
            command.hasDbSchemaFilterPattern()
                ? likePattern(command.getDbSchemaFilterPattern())
                : null,
            command.hasTableNameFilterPattern()
                ? likePattern(command.getTableNameFilterPattern())
                : null,
            command.getTableTypesList(),
            command.getIncludeSchema()),
        listener);
  }

  @Override
  public void getStreamTableTypes(CallContext context, ServerStreamListener listener) {
    metadata.tableTypes(listener);
  }

  @Override
  public void getStreamPrimaryKeys(
      FlightSql.CommandGetPrimaryKeys command, CallContext context, ServerStreamListener listener) {
    metadata.none(Schemas.GET_PRIMARY_KEYS_SCHEMA, listener); // DuckLake tables have no keys
  }

  @Override
  public void getStreamExportedKeys(
      FlightSql.CommandGetExportedKeys command,
      CallContext context,
      ServerStreamListener listener) {
    metadata.none(Schemas.GET_EXPORTED_KEYS_SCHEMA, listener);
  }

  @Override
  public void getStreamImportedKeys(
      FlightSql.CommandGetImportedKeys command,
      CallContext context,
      ServerStreamListener listener) {
    metadata.none(Schemas.GET_IMPORTED_KEYS_SCHEMA, listener);
  }

  @Override
  public void getStreamCrossReference(
      FlightSql.CommandGetCrossReference command,
      CallContext context,
      ServerStreamListener listener) {
    metadata.none(Schemas.GET_CROSS_REFERENCE_SCHEMA, listener);
  }

  @Override
  protected <T extends Message> List<FlightEndpoint> determineEndpoints(
      T request, FlightDescriptor descriptor, Schema schema) {
    return List.of(new FlightEndpoint(new Ticket(Any.pack(request).toByteArray())));
  }

  // Running

  /**
   * A statement's FlightInfo: one endpoint whose ticket names a fresh query id, so the client can
   * cancel it, and the result's schema when DuckDB can tell it without running the statement.
   */
  private FlightInfo statementInfo(
      StatementHandle handle, CallContext context, FlightDescriptor descriptor) {
    FlightSql.TicketStatementQuery ticket =
        FlightSql.TicketStatementQuery.newBuilder()
            .setStatementHandle(handle.execution().toBytes())
            .build();
    return new FlightInfo(
        resultSchema(caller(context), handle, UPDATE_COUNT),
        descriptor,
        List.of(new FlightEndpoint(new Ticket(Any.pack(ticket).toByteArray()))),
        -1,
        -1);
  }

  /**
   * The schema of a statement's result, which clients read before the first row (JDBC tools tell a
   * query from an update by it, ADBC checks the stream against it): DuckDB's own Arrow export of
   * the statement under LIMIT 0, with its bound values, through the same sandbox. A statement that
   * cannot be wrapped (a change, DDL, one still missing its values) gets {@code otherwise}; running
   * it reports whatever is wrong with it.
   */
  private Schema resultSchema(Principal caller, StatementHandle handle, Schema otherwise) {
    String sql = handle.sql().strip();
    while (sql.endsWith(";")) {
      sql = sql.substring(0, sql.length() - 1).strip();
    }
    try {
      return metadata.arrowSchema(
          caller, handle.catalog(), "SELECT * FROM (\n" + sql + "\n) LIMIT 0", handle.params());
    } catch (Exception notAQuery) {
      return otherwise;
    }
  }

  private void run(StatementHandle handle, CallContext context, ServerStreamListener listener) {
    Principal caller = caller(context);
    QueryControl control = new QueryControl();
    ArrowRelay.relay(
        out ->
            queries.run(
                caller,
                new QueryService.Statement(
                    handle.id(),
                    handle.catalog(),
                    handle.sql(),
                    handle.params(),
                    OutputFormat.ARROW,
                    out,
                    control,
                    new Route())),
        control,
        listener,
        allocator,
        threads);
  }

  /** Runs a statement that changes data; the count DuckDB reports becomes the update's count. */
  private void update(
      StatementHandle handle, CallContext context, StreamListener<PutResult> ackStream) {
    try {
      byte[] result =
          browser.result(
              caller(context), handle.catalog(), handle.sql(), handle.params(), OutputFormat.CSV);
      FlightSql.DoPutUpdateResult count =
          FlightSql.DoPutUpdateResult.newBuilder().setRecordCount(affectedRows(result)).build();
      reply(ackStream, count);
    } catch (Exception e) {
      ackStream.onError(FlightErrors.of(e));
    }
  }

  /** Sends {@code message} as the one PutResult of a DoPut, and ends the call. */
  private void reply(StreamListener<PutResult> ackStream, Message message) {
    try (var buffer = allocator.buffer(message.getSerializedSize())) {
      buffer.writeBytes(message.toByteArray());
      ackStream.onNext(PutResult.metadata(buffer));
    }
    ackStream.onCompleted();
  }

  /** DuckDB answers a change with one row, one column: how many rows it changed. */
  private static long affectedRows(byte[] csv) {
    String[] lines = new String(csv, StandardCharsets.UTF_8).split("\r\n");
    if (lines.length == 2) {
      try {
        return Long.parseLong(lines[1].strip());
      } catch (NumberFormatException e) {
        return -1;
      }
    }
    return -1; // DDL and other statements without a count
  }

  private static void refuseParameters(FlightStream parameters) {
    if (!ParameterValues.single(parameters).isEmpty()) {
      throw CallStatus.INVALID_ARGUMENT
          .withDescription(
              "bound parameters are for queries; write the values of a change into its SQL")
          .toRuntimeException();
    }
  }

  // Callers and catalogs

  private static Principal caller(CallContext context) {
    return context.getMiddleware(CallerMiddleware.KEY).caller();
  }

  /**
   * The catalog a statement runs against: the one the call's headers name, else the only one the
   * caller may query here.
   */
  private String catalogOf(CallContext context) {
    CallerMiddleware call = context.getMiddleware(CallerMiddleware.KEY);
    if (call.catalog().isPresent()) {
      return call.catalog().get();
    }
    List<String> reachable = queries.catalogs(call.caller());
    if (reachable.size() == 1) {
      return reachable.get(0);
    }
    throw CallStatus.INVALID_ARGUMENT
        .withDescription(
            "name the catalog to query in the '"
                + CallerMiddleware.CATALOG_HEADER
                + "' header (JDBC: add "
                + CallerMiddleware.CATALOG_HEADER
                + "=<catalog> to the URL; ADBC: option adbc.flight.sql.rpc.call_header."
                + CallerMiddleware.CATALOG_HEADER
                + "); this token may query "
                + (reachable.isEmpty() ? "no catalog here" : String.join(", ", reachable)))
        .toRuntimeException();
  }

  /** The query id in one of our statement tickets, or null for any other ticket. */
  private static String idOf(Ticket ticket) {
    try {
      Any any = Any.parseFrom(ticket.getBytes());
      return any.is(FlightSql.TicketStatementQuery.class)
          ? StatementHandle.from(
                  any.unpack(FlightSql.TicketStatementQuery.class).getStatementHandle())
              .id()
          : null;
    } catch (com.google.protobuf.InvalidProtocolBufferException | RuntimeException e) {
      return null;
    }
  }

  /** A SQL LIKE pattern ({@code %}, {@code _}, {@code \} escapes) as a regular expression. */
  static Pattern likePattern(String like) {
    StringBuilder regex = new StringBuilder();
    for (int i = 0; i < like.length(); i++) {
      char c = like.charAt(i);
      if (c == '\\' && i + 1 < like.length()) {
        regex.append(Pattern.quote(String.valueOf(like.charAt(++i))));
      } else if (c == '%') {
        regex.append(".*");
      } else if (c == '_') {
        regex.append('.');
      } else {
        regex.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(regex.toString(), Pattern.DOTALL);
  }
}
