package dev.featherman.engine.ingest;

/** A column of the table rows are appended to, as the lake's catalog reports it. */
public record TableColumn(String name, String type, boolean nullable) {}
