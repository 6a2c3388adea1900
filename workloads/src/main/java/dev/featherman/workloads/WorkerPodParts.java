package dev.featherman.workloads;

import dev.featherman.api.v1alpha1.DuckLakeCatalog;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import java.util.ArrayList;
import java.util.List;

/** What every worker container has, whether it runs in a Job or a pool pod. */
final class WorkerPodParts {
  static final String SCRATCH = "/tmp";
  static final long NON_ROOT_UID = 65532L;
  static final String EXTENSION_DIR = "/opt/featherman/duckdb-extensions";

  private WorkerPodParts() {}

  /** A scratch emptyDir for DuckDB's spill files, plus the catalog's PVC for file catalogs. */
  static List<Volume> volumes(DuckLakeCatalog catalog, boolean catalogReadOnly) {
    List<Volume> volumes = new ArrayList<>();
    volumes.add(
        new VolumeBuilder()
            .withName("scratch")
            .withNewEmptyDir()
            .withSizeLimit(new Quantity("10Gi"))
            .endEmptyDir()
            .build());
    if (CatalogStorage.usesVolume(catalog)) {
      volumes.add(
          new VolumeBuilder()
              .withName("catalog")
              .withNewPersistentVolumeClaim(CatalogStorage.claimName(catalog), catalogReadOnly)
              .build());
    }
    return volumes;
  }

  /** Mounts for {@link #volumes}: the catalog at the parent of spec.catalogPath. */
  static List<VolumeMount> mounts(DuckLakeCatalog catalog, boolean catalogReadOnly) {
    List<VolumeMount> mounts = new ArrayList<>();
    mounts.add(new VolumeMountBuilder().withName("scratch").withMountPath(SCRATCH).build());
    if (CatalogStorage.usesVolume(catalog)) {
      mounts.add(
          new VolumeMountBuilder()
              .withName("catalog")
              .withMountPath(CatalogStorage.mountPath(catalog))
              .withReadOnly(catalogReadOnly ? Boolean.TRUE : null)
              .build());
    }
    return mounts;
  }

  /** Non-root, no privilege escalation, read-only root, no capabilities. */
  static SecurityContext containerSecurity() {
    return new SecurityContextBuilder()
        .withAllowPrivilegeEscalation(false)
        .withReadOnlyRootFilesystem(true)
        .withRunAsNonRoot(true)
        .withNewCapabilities()
        .withDrop("ALL")
        .endCapabilities()
        .build();
  }

  /**
   * The pod security context: the template's settings over the defaults, with the floor put back
   * whatever the template says (admission refuses a template below it; this holds even for objects
   * admitted before the rule): non-root, a non-zero user and group, a seccomp profile.
   */
  static PodSecurityContext podSecurity(PodSecurityContext template) {
    PodSecurityContext defaults = podSecurity();
    if (template == null) {
      return defaults;
    }
    PodSecurityContextBuilder b = new PodSecurityContextBuilder(template).withRunAsNonRoot(true);
    if (template.getRunAsUser() == null || template.getRunAsUser() == 0) {
      b.withRunAsUser(NON_ROOT_UID);
    }
    if (template.getRunAsGroup() == null || template.getRunAsGroup() == 0) {
      b.withRunAsGroup(NON_ROOT_UID);
    }
    if (template.getFsGroup() == null) {
      b.withFsGroup(NON_ROOT_UID);
    }
    boolean localhost =
        template.getSeccompProfile() != null
            && "Localhost".equals(template.getSeccompProfile().getType());
    if (!localhost) {
      b.withSeccompProfile(defaults.getSeccompProfile());
    }
    return b.withSysctls(List.of()).build();
  }

  /** The default pod security context: a fixed non-root user, RuntimeDefault seccomp. */
  static PodSecurityContext podSecurity() {
    return new PodSecurityContextBuilder()
        .withRunAsNonRoot(true)
        .withRunAsUser(NON_ROOT_UID)
        .withRunAsGroup(NON_ROOT_UID)
        .withFsGroup(NON_ROOT_UID)
        .withNewSeccompProfile()
        .withType("RuntimeDefault")
        .endSeccompProfile()
        .build();
  }
}
