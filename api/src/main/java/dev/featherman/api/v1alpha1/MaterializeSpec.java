package dev.featherman.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;

/** Export of a query's result as Parquet files to a bucket, once or on a schedule. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class MaterializeSpec {
  @JsonPropertyDescription(
      "Whether materialization runs; true when the block is present and this is omitted.")
  private Boolean enabled;

  @Size(max = 63)
  @Pattern(Patterns.IDENTIFIER)
  @JsonPropertyDescription("Name of the materialized view (defaults to the table name).")
  private String name;

  @Size(max = 65536)
  @JsonPropertyDescription("A single SELECT whose result is exported.")
  private String sql;

  @Pattern(BackupPolicy.CRON)
  @JsonPropertyDescription("Cron schedule for re-running the export; once when omitted.")
  private String schedule;

  @Size(max = 64)
  @JsonPropertyDescription(
      "Set to a new value (featherman materialize writes the current time) to run the export once"
          + " now, besides its schedule; the run is recorded in status.materialization.requestedAt.")
  private String requestedAt;

  @JsonPropertyDescription("Format of the exported files.")
  private MaterializeFormat format;

  @JsonPropertyDescription(
      "Where the export goes; the catalog's bucket under exports/ when omitted.")
  private Destination destination;

  /** File format of a materialization. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class MaterializeFormat {
    @Pattern("^parquet$")
    @JsonPropertyDescription("Only parquet.")
    private String type = "parquet";

    @JsonPropertyDescription("Parquet codec of the export; ZSTD when omitted.")
    private Compression compression = Compression.ZSTD;

    @Size(max = 8)
    @JsonPropertyDescription("Output columns to partition the export by (Hive-style folders).")
    private List<String> partitionBy = new ArrayList<>();

    public String getType() {
      return type;
    }

    public void setType(String type) {
      this.type = type;
    }

    public Compression getCompression() {
      return compression;
    }

    public void setCompression(Compression compression) {
      this.compression = compression;
    }

    public List<String> getPartitionBy() {
      return partitionBy;
    }

    public void setPartitionBy(List<String> partitionBy) {
      this.partitionBy = partitionBy == null ? new ArrayList<>() : partitionBy;
    }
  }

  /** Bucket and key prefix a materialization writes to. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Destination {
    @Size(min = 3, max = 63)
    @Pattern(Patterns.BUCKET)
    @JsonPropertyDescription("Destination bucket.")
    private String bucket;

    @Size(max = 512)
    @Pattern(Patterns.PREFIX)
    @JsonPropertyDescription("Key prefix inside the bucket, without glob characters.")
    private String prefix;

    public String getBucket() {
      return bucket;
    }

    public void setBucket(String bucket) {
      this.bucket = bucket;
    }

    public String getPrefix() {
      return prefix;
    }

    public void setPrefix(String prefix) {
      this.prefix = prefix;
    }
  }

  public Boolean getEnabled() {
    return enabled;
  }

  public void setEnabled(Boolean enabled) {
    this.enabled = enabled;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getSql() {
    return sql;
  }

  public void setSql(String sql) {
    this.sql = sql;
  }

  public String getSchedule() {
    return schedule;
  }

  public void setSchedule(String schedule) {
    this.schedule = schedule;
  }

  public String getRequestedAt() {
    return requestedAt;
  }

  public void setRequestedAt(String requestedAt) {
    this.requestedAt = requestedAt;
  }

  public MaterializeFormat getFormat() {
    return format;
  }

  public void setFormat(MaterializeFormat format) {
    this.format = format;
  }

  public Destination getDestination() {
    return destination;
  }

  public void setDestination(Destination destination) {
    this.destination = destination;
  }
}
