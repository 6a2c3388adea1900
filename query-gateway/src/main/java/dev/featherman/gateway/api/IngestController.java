package dev.featherman.gateway.api;

import dev.featherman.engine.ingest.IngestFormat;
import dev.featherman.engine.ingest.IngestResult;
import dev.featherman.engine.ingest.LakeFiles;
import dev.featherman.gateway.auth.Principal;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /v1/catalogs/{c}/tables/{t}/rows}: appends the body's rows (Arrow IPC stream,
 * Parquet, CSV or JSON lines, by Content-Type) as one DuckLake snapshot, for write tokens. The body
 * is streamed to the lake, never held in memory; an {@code Idempotency-Key} makes a retry safe.
 */
@RestController
public class IngestController {
  static final String IDEMPOTENCY_KEY = "Idempotency-Key";
  static final String REPLAYED = "Idempotent-Replayed";
  private static final Pattern KEY = Pattern.compile("[\\x21-\\x7E]{1,255}");

  private final QueryService queries;

  public IngestController(QueryService queries) {
    this.queries = queries;
  }

  @PostMapping(
      path = "/v1/catalogs/{catalog}/tables/{table}/rows",
      produces = MediaType.APPLICATION_JSON_VALUE)
  public ResponseEntity<Map<String, Object>> append(
      @RequestAttribute(RequestGuard.PRINCIPAL) Principal caller,
      @PathVariable("catalog") String catalog,
      @PathVariable("table") String table,
      HttpServletRequest request)
      throws Exception {
    IngestFormat format =
        IngestFormat.ofContentType(request.getContentType())
            .orElseThrow(
                () ->
                    new GatewayException(
                        HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                        "Content-Type '"
                            + request.getContentType()
                            + "' is not a rows format: send one of "
                            + IngestFormat.accepted()));
    String key = request.getHeader(IDEMPOTENCY_KEY);
    if (key != null && !KEY.matcher(key).matches()) {
      throw new GatewayException(
          HttpStatus.BAD_REQUEST,
          IDEMPOTENCY_KEY + " must be 1 to 255 visible ASCII characters (a UUID, say)");
    }
    IngestResult result =
        queries.ingest(caller, catalog, table, format, request.getInputStream(), key);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("catalog", catalog);
    body.put("table", table);
    body.put("rows", result.rows());
    body.put("bytes", result.bytes());
    body.put("snapshotId", result.snapshotId());
    body.put("duplicate", result.duplicate());
    ResponseEntity.BodyBuilder answer =
        ResponseEntity.status(result.duplicate() ? HttpStatus.OK : HttpStatus.CREATED);
    if (result.duplicate()) {
      answer.header(REPLAYED, "true");
    }
    return answer.header(HttpHeaders.CACHE_CONTROL, "no-store").body(body);
  }

  /** The body of POST .../files: Parquet paths or globs under the catalog's data path. */
  public record RegisterFiles(List<String> files) {}

  @PostMapping(
      path = "/v1/catalogs/{catalog}/tables/{table}/files",
      consumes = MediaType.APPLICATION_JSON_VALUE,
      produces = MediaType.APPLICATION_JSON_VALUE)
  public ResponseEntity<Map<String, Object>> registerFiles(
      @RequestAttribute(RequestGuard.PRINCIPAL) Principal caller,
      @PathVariable("catalog") String catalog,
      @PathVariable("table") String table,
      @RequestBody RegisterFiles request)
      throws Exception {
    List<String> files = request == null ? null : request.files();
    if (files == null || files.isEmpty() || files.size() > 1000) {
      throw new GatewayException(
          HttpStatus.BAD_REQUEST,
          "send {\"files\": [\"s3://bucket/prefix/part-1.parquet\", ...]}: 1 to 1000 paths or"
              + " globs under the catalog's data path");
    }
    for (String file : files) {
      if (file == null || file.isBlank() || file.length() > 1024 || file.indexOf('\0') >= 0) {
        throw new GatewayException(
            HttpStatus.BAD_REQUEST, "each file must be a path of 1 to 1024 characters");
      }
    }
    LakeFiles.Result result = queries.registerFiles(caller, catalog, table, files);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("catalog", catalog);
    body.put("table", table);
    body.put("files", result.files());
    body.put("snapshotId", result.snapshotId());
    return ResponseEntity.status(HttpStatus.CREATED).body(body);
  }
}
