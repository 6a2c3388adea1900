package dev.featherman.api.worker;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * The worker contract for registering Parquet files into a table: {@code POST /v1/register-files}
 * with this record as JSON. The worker answers 200 with {@code {"files","snapshotId"}} or a problem
 * whose status the gateway passes on.
 *
 * @param table the lake table
 * @param files paths or globs under the catalog's data path
 * @param principal who asked, for the snapshot's commit info
 */
public record RegisterFilesCall(String table, List<String> files, String principal) {
  public static final String PATH = "/v1/register-files";

  /**
   * The worker's 200 answer.
   *
   * @param files files registered
   * @param snapshotId the snapshot that holds them
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Answer(int files, long snapshotId) {}
}
