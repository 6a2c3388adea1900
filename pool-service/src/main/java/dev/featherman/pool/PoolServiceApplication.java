package dev.featherman.pool;

import dev.featherman.pool.config.PoolProperties;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/** Keeps warm DuckDB worker pods for each DuckLakePool and scales them with demand. */
@SpringBootApplication
@EnableConfigurationProperties(PoolProperties.class)
public class PoolServiceApplication {
  public static void main(String[] args) {
    SpringApplication.run(PoolServiceApplication.class, args);
  }
}
