package dev.featherman.api.validation;

import io.fabric8.kubernetes.api.model.PodSecurityContext;

/**
 * The floor a pool's {@code spec.template.securityContext} may not go below: workers run as a
 * non-root user, never root, with a seccomp profile (RuntimeDefault unless a Localhost profile is
 * named), and without unsafe sysctls. A template may tighten these (another non-root user, a
 * Localhost profile, SELinux options), never loosen them. The container-level settings (no
 * privilege escalation, all capabilities dropped, read-only root) are not in the template at all.
 */
public final class PodSecurity {
  private PodSecurity() {}

  /** Adds an error for every setting in {@code context} that lowers the floor. */
  public static void check(PodSecurityContext context, String field, Validation v) {
    if (context == null) {
      return;
    }
    if (Boolean.FALSE.equals(context.getRunAsNonRoot())) {
      v.error(field + ".runAsNonRoot", "must not be false: workers never run as root");
    }
    if (context.getRunAsUser() != null && context.getRunAsUser() == 0) {
      v.error(
          field + ".runAsUser",
          "must not be 0 (root); leave it out to run as the image's non-root user");
    }
    if (context.getRunAsGroup() != null && context.getRunAsGroup() == 0) {
      v.error(
          field + ".runAsGroup",
          "must not be 0 (root); leave it out to run as the image's non-root group");
    }
    if (context.getSeccompProfile() != null) {
      String type = context.getSeccompProfile().getType();
      if (!"RuntimeDefault".equals(type) && !"Localhost".equals(type)) {
        v.error(
            field + ".seccompProfile.type",
            "'" + type + "' is not allowed: use RuntimeDefault or a Localhost profile");
      }
    }
    if (context.getSysctls() != null && !context.getSysctls().isEmpty()) {
      v.error(field + ".sysctls", "workers take no sysctls");
    }
    if (context.getWindowsOptions() != null
        && Boolean.TRUE.equals(context.getWindowsOptions().getHostProcess())) {
      v.error(field + ".windowsOptions.hostProcess", "must not be true");
    }
  }
}
