package dev.featherman.webhook;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Admission webhooks for DuckLakeCatalog, DuckLakeTable and DuckLakePool. */
@SpringBootApplication
public class WebhookApplication {
  public static void main(String[] args) {
    SpringApplication.run(WebhookApplication.class, args);
  }
}
