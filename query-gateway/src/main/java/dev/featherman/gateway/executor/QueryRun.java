package dev.featherman.gateway.executor;

import dev.featherman.api.worker.Inspection;
import dev.featherman.engine.query.OutputFormat;
import dev.featherman.engine.query.QueryControl;
import dev.featherman.engine.query.QueryLimits;
import java.io.OutputStream;

/**
 * One statement to run, as the API layer hands it to an executor: where, what, in which format,
 * where the result goes, within which limits, and who may write.
 *
 * @param id the query's id (cancellation, logs)
 * @param owner who runs it (only they may cancel it)
 * @param params values bound to the statement's placeholders, in order (empty for none)
 * @param mayWrite whether the caller may change data; read-only callers run SELECTs only
 * @param route filled in with where the query runs, before the first result byte is written
 * @param inspect null to run {@code sql}; else the question asked of the lake about it
 */
public record QueryRun(
    String id,
    String owner,
    String catalog,
    String sql,
    java.util.List<Object> params,
    OutputFormat format,
    OutputStream out,
    QueryLimits limits,
    QueryControl control,
    boolean mayWrite,
    Route route,
    Inspection inspect) {}
