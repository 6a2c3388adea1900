package dev.featherman.api.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkerTokenTest {
  @TempDir Path dir;

  @Test
  void aConfiguredValueWinsOverTheFile() {
    assertThat(
            WorkerToken.resolve(" configured-token-0123456789 ", "/nowhere", "featherman.pool")
                .current())
        .isEqualTo("configured-token-0123456789");
  }

  @Test
  void theMountedFileIsReadAndTrimmed() throws Exception {
    Path file = Files.writeString(dir.resolve("token"), "mounted-token-0123456789\n");
    assertThat(WorkerToken.resolve("", file.toString(), "featherman.pool").current())
        .isEqualTo("mounted-token-0123456789");
  }

  @Test
  void missingOrWeakTokensStopTheServiceWithAReason() throws Exception {
    assertThatThrownBy(() -> WorkerToken.resolve("", dir.resolve("absent").toString(), "x.y"))
        .hasMessageContaining("x.y.worker-token")
        .hasMessageContaining("absent");
    Path weak = Files.writeString(dir.resolve("weak"), "secret");
    assertThatThrownBy(() -> WorkerToken.resolve(null, weak.toString(), "x.y"))
        .hasMessageContaining("shorter than 16");
  }

  @Test
  void aRotatedFileTakesEffectAndTheOldTokenIsRemembered() throws Exception {
    Path file = Files.writeString(dir.resolve("token"), "first-token-0123456789");
    WorkerToken token = WorkerToken.resolve("", file.toString(), "x.y", Duration.ZERO);
    Files.writeString(file, "second-token-0123456789\n");
    assertThat(token.current()).isEqualTo("second-token-0123456789");
    assertThat(token.previous()).isEqualTo("first-token-0123456789");
    // Each pool worker gets its pool's token as it was when the worker started.
    String before = WorkerToken.resolve("first-token-0123456789", null, "x.y").forPool("uid-1");
    String now = token.forPool("uid-1");
    assertThat(now).isNotEqualTo(before).isNotEqualTo("second-token-0123456789");
    assertThat(token.forPool("uid-1", WorkerToken.fingerprint(before))).isEqualTo(before);
    assertThat(token.forPool("uid-1", WorkerToken.fingerprint(now))).isEqualTo(now);
    assertThat(token.forPool("uid-1", null)).isEqualTo(now);
    // One nobody here holds gets none: the root tokens themselves, another pool's tokens.
    assertThat(token.forPool("uid-1", WorkerToken.fingerprint("second-token-0123456789"))).isNull();
    assertThat(token.forPool("uid-1", WorkerToken.fingerprint(token.forPool("uid-2")))).isNull();
  }

  @Test
  void eachPoolHasItsOwnTokenThatRevealsNeitherTheRootNorAnotherPools() {
    WorkerToken token = WorkerToken.resolve("root-token-0123456789", null, "x.y");
    WorkerToken otherReplica = WorkerToken.resolve("root-token-0123456789", null, "x.y");
    String pool = token.forPool("5f0c8c2e-uid-a");
    assertThat(pool)
        .hasSize(64)
        .isEqualTo(otherReplica.forPool("5f0c8c2e-uid-a"))
        .isNotEqualTo(token.forPool("5f0c8c2e-uid-b"))
        .doesNotContain("root-token");
    // A pool's token is not a one-shot worker's: no Job name can be made to collide with it.
    assertThat(pool).isNotEqualTo(token.derived("5f0c8c2e-uid-a"));
  }

  @Test
  void oneShotWorkersGetATokenAnyHolderCanDeriveButNotReverse() throws Exception {
    Path file = Files.writeString(dir.resolve("token"), "first-token-0123456789");
    WorkerToken token = WorkerToken.resolve("", file.toString(), "x.y", Duration.ZERO);
    WorkerToken otherReplica = WorkerToken.resolve("first-token-0123456789", null, "x.y");
    // HMAC-SHA256(token, name): fixed, so replicas of different versions agree.
    String derived = "34791b8551daf516a73e7b6a1f93236ba281c5376a28d352d18bcffa13f6dfa5";
    assertThat(token.derived("lake-query-0a1b2c3d")).isEqualTo(derived);
    assertThat(otherReplica.derived("lake-query-0a1b2c3d")).isEqualTo(derived);
    assertThat(token.derived("lake-query-ffffffff")).isNotEqualTo(derived);
    assertThat(token.derivedCandidates("lake-query-0a1b2c3d")).containsExactly(derived);
    // A Job started before a rotation is still reachable after it.
    Files.writeString(file, "second-token-0123456789");
    assertThat(token.derivedCandidates("lake-query-0a1b2c3d"))
        .containsExactly(token.derived("lake-query-0a1b2c3d"), derived);
  }

  @Test
  void aFileBeingRewrittenNeverLocksTheServiceOut() throws Exception {
    Path file = Files.writeString(dir.resolve("token"), "first-token-0123456789");
    WorkerToken token = WorkerToken.resolve("", file.toString(), "x.y", Duration.ZERO);
    Files.writeString(file, "");
    assertThat(token.current()).isEqualTo("first-token-0123456789");
    Files.writeString(file, "weak");
    assertThat(token.current()).isEqualTo("first-token-0123456789");
    Files.delete(file);
    assertThat(token.current()).isEqualTo("first-token-0123456789");
    assertThat(token.previous()).isNull();
  }

  @Test
  void fingerprintsNameATokenWithoutRevealingIt() {
    String fingerprint = WorkerToken.fingerprint("first-token-0123456789");
    assertThat(fingerprint).hasSize(16).matches("[0-9a-f]+").doesNotContain("token");
    assertThat(WorkerToken.fingerprint("first-token-0123456789")).isEqualTo(fingerprint);
    assertThat(WorkerToken.fingerprint("second-token-0123456789")).isNotEqualTo(fingerprint);
    assertThat(WorkerToken.fingerprint(null)).isNull();
  }
}
