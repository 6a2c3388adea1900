package dev.featherman.controller;

import dev.featherman.controller.config.ControllerProperties;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/** Reconciles DuckLakeCatalogs and DuckLakeTables. */
@SpringBootApplication
@EnableConfigurationProperties(ControllerProperties.class)
public class ControllerApplication {
  public static void main(String[] args) {
    SpringApplication.run(ControllerApplication.class, args);
  }
}
