package dev.featherman.api.schema;

import dev.featherman.api.types.ColumnType;

/** A column as it exists in DuckLake (or in an earlier spec). */
public record LiveColumn(String name, ColumnType type, boolean notNull, String comment) {}
