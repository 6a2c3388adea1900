package dev.featherman.backup;

import dev.featherman.backup.config.BackupProperties;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/** Scheduled, verified catalog backups, their retention, and scheduled DuckLake maintenance. */
@SpringBootApplication
@EnableConfigurationProperties(BackupProperties.class)
public class BackupServiceApplication {
  public static void main(String[] args) {
    SpringApplication.run(BackupServiceApplication.class, args);
  }
}
