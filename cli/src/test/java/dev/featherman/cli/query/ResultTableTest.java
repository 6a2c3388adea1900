package dev.featherman.cli.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ResultTableTest {
  static String render(String csv) throws IOException {
    StringWriter text = new StringWriter();
    ResultTable.print(new StringReader(csv), new PrintWriter(text));
    return text.toString();
  }

  @Test
  void columnsAlignNumbersToTheRightAndNullIsSpelledOut() throws IOException {
    String table = render("id,name,note\r\n7,\"a, b\",\r\n12345,\"\",\"say \"\"hi\"\"\"\r\n");
    assertThat(table)
        .isEqualTo(
            """
               id   name   note
                7   a, b   NULL
            12345          say "hi"
            (2 rows)
            """);
  }

  @Test
  void anEmptyResultStillShowsItsColumnsAndLineBreaksStayOnOneLine() throws IOException {
    assertThat(render("a,b\r\n")).isEqualTo("a   b\n(0 rows)\n");
    assertThat(render("t\r\n\"x\ny\"\r\n")).isEqualTo("t\nx\\ny\n(1 row)\n");
  }

  @Test
  void aResultCutInsideAQuotedFieldIsAnError() {
    assertThatThrownBy(() -> render("t\r\n\"unfinished")).hasMessageContaining("cut off");
  }
}
