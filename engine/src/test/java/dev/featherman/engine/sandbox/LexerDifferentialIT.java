package dev.featherman.engine.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featherman.engine.EngineSettings;
import dev.featherman.engine.connect.LakeSessionFactory;
import dev.featherman.engine.query.QueryException;
import dev.featherman.engine.query.SqlStatements;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Differential test of the lexer against DuckDB's own parser: seeded random texts built from the
 * constructs where splitters go wrong (line comments ended by CR, LF, CRLF or a Unicode separator,
 * dollar quotes with any tag, nested block comments, strings, E-strings, quoted identifiers,
 * semicolons everywhere). Wherever DuckDB parses a text, the lexer must find the same statements.
 * The sandbox itself takes DuckDB's count; the lexer is the first filter for writes, so it must
 * agree.
 */
class LexerDifferentialIT {
  static final int CASES = 4000;
  static final String[] TAGS = {"", "a", "tag", "€", "é1", "日本", "_x", "A_b9", "ß"};
  static final String[] LINE_ENDS = {"\n", "\r", "\r\n", "\u2028", "\u0085", ""};
  static final String[] SPACES = {" ", "\t", "\n", "\r", "\f", "\u000b", "  "};

  @Test
  void lexerAgreesWithDuckDbOnEveryParsedText() throws Exception {
    long seed = Long.getLong("featherman.differential.seed", 20261202L);
    Random random = new Random(seed);
    int parsed = 0;
    List<String> disagreements = new ArrayList<>();
    try (Connection duck = new LakeSessionFactory(EngineSettings.defaults()).openDatabase()) {
      for (int i = 0; i < CASES; i++) {
        String text = text(random);
        int duckdb = DuckDbParser.countQueries(duck, text);
        if (duckdb < 0) {
          continue; // DuckDB refuses the text: so does the sandbox, whatever the lexer says
        }
        parsed++;
        String lexer;
        try {
          lexer = Integer.toString(SqlStatements.split(text).size());
        } catch (QueryException e) {
          lexer = "error: " + e.getMessage();
        }
        if (!lexer.equals(Integer.toString(duckdb))) {
          disagreements.add("duckdb=" + duckdb + " lexer=" + lexer + " text=" + escape(text));
        }
      }
    }
    assertThat(parsed).as("texts DuckDB parsed (seed %d)", seed).isGreaterThan(CASES / 4);
    assertThat(disagreements).as("seed %d", seed).isEmpty();
  }

  private static String text(Random random) {
    StringBuilder sb = new StringBuilder();
    int statements = 1 + random.nextInt(3);
    for (int s = 0; s < statements; s++) {
      sb.append(pick(random, SPACES)).append("SELECT ").append(value(random));
      int more = random.nextInt(3);
      for (int m = 0; m < more; m++) {
        sb.append(pick(random, SPACES)).append(random.nextBoolean() ? ", " : " || ");
        sb.append(value(random));
      }
      if (random.nextInt(4) == 0) {
        sb.append(pick(random, SPACES)).append(comment(random));
      }
      sb.append(random.nextInt(5) == 0 ? "" : ";");
    }
    return sb.toString();
  }

  private static String value(Random random) {
    String semi = random.nextBoolean() ? ";" : "";
    return switch (random.nextInt(8)) {
      case 0 -> "'a" + semi + "''b'";
      case 1 -> "E'\\'" + semi + "'";
      case 2 -> {
        String tag = pick(random, TAGS);
        yield "$" + tag + "$x" + semi + "$" + tag + "$";
      }
      case 3 -> "\"c" + semi + "\"\"\"";
      case 4 -> "/* " + semi + " /* nested " + semi + " */ " + semi + " */ 1";
      case 5 -> comment(random) + "2";
      case 6 -> "$1" + (random.nextBoolean() ? "" : "::INT");
      default -> Integer.toString(random.nextInt(100));
    };
  }

  private static String comment(Random random) {
    return "-- c" + (random.nextBoolean() ? ";" : "") + pick(random, LINE_ENDS);
  }

  private static String pick(Random random, String[] options) {
    return options[random.nextInt(options.length)];
  }

  private static String escape(String text) {
    StringBuilder sb = new StringBuilder();
    for (char c : text.toCharArray()) {
      sb.append(c < 0x20 || c > 0x7e ? String.format("\\u%04x", (int) c) : String.valueOf(c));
    }
    return sb.toString();
  }
}
