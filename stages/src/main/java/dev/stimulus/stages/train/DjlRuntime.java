package dev.stimulus.stages.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.pytorch.jni.LibUtils;
import dev.stimulus.stages.StageException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The one place that loads DJL's PyTorch engine, so that every setting that must precede the load
 * is applied first, whoever asks first (train or evaluate).
 */
final class DjlRuntime {

  /**
   * Held by a training for its whole length and by anything else that draws from the engine's
   * global random generator (initialising a block before loading parameters does): a draw from
   * another thread in the middle of a training would change that training's dropout masks, and so
   * its bytes. DJL also allows only one gradient collector per process. Fair: trainings run in
   * arrival order.
   */
  static final java.util.concurrent.locks.ReentrantLock ENGINE_RANDOMNESS =
      new java.util.concurrent.locks.ReentrantLock(true);

  /** Intra-op and inter-op threads: results change with the thread count, so it is fixed. */
  static final int THREADS = 1;

  /** System property (or environment variable {@code STIMULUS_DEVICE}) choosing the device. */
  static final String DEVICE_PROPERTY = "stimulus.device";

  private static volatile Engine engine;

  /** The mode asked for before the engine loaded; null means {@link Reproducibility#configured()}. */
  private static Reproducibility requested;

  /** The platform the loaded engine runs on; set with {@link #engine}. */
  private static volatile Platform platform;

  /** The mode the engine loaded in; null until it has. */
  private static volatile Reproducibility modeInForce;

  private DjlRuntime() {}

  /** The PyTorch engine, loaded offline with pinned threads. */
  static Engine engine() {
    Engine e = engine;
    if (e == null) {
      synchronized (DjlRuntime.class) {
        e = engine;
        if (e == null) {
          e = load();
          engine = e;
        }
      }
    }
    return e;
  }

  /** See {@link Reproducibility#request}. */
  static synchronized void request(Reproducibility mode) {
    Reproducibility loaded = modeInForce;
    if (loaded != null && loaded != mode) {
      throw new StageException("this process already trains in " + loaded.id() + " mode (the engine's "
          + "kernels are chosen once, when it loads); run " + mode.id() + " work in another process, e.g. with -D"
          + Reproducibility.PROPERTY + "=" + mode.id() + " or " + Reproducibility.ENV + "=" + mode.id());
    }
    requested = mode;
  }

  /** The mode in force, or the one that will be when the engine loads. */
  static synchronized Reproducibility mode() {
    if (modeInForce != null) {
      return modeInForce;
    }
    return requested != null ? requested : Reproducibility.configured();
  }

  /** The platform of this process's engine (loading it if needed). */
  static Platform platform() {
    engine();
    return platform;
  }

  private static Engine load() {
    Reproducibility mode = mode();
    if (mode == Reproducibility.PORTABLE) {
      try {
        NativeKernels.pinEnvironment();
      } catch (LinkageError | RuntimeException err) {
        throw new IllegalStateException("portable mode cannot pin libtorch's CPU kernels (" + err.getMessage()
            + "); train with reproducibility fast, whose bytes are reproducible on this platform only", err);
      }
    }
    // DJL reads these when its classes first touch the network or start the engine: offline mode
    // (ai.djl.util.Utils.isOfflineMode reads DJL_OFFLINE, else ai.djl.offline), no usage tracking
    // (Ec2Utils reads OPT_OUT_TRACKING from the environment or system properties), and the thread
    // counts PtEngine passes to libtorch at start. The environment variables are set by ./mvnw and
    // the launch scripts; the properties make an embedding JVM safe too.
    System.setProperty("ai.djl.offline", "true");
    System.setProperty("OPT_OUT_TRACKING", "true");
    System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(THREADS));
    System.setProperty("ai.djl.pytorch.num_interop_threads", Integer.toString(THREADS));
    Engine e;
    try {
      e = Engine.getEngine("PyTorch");
    } catch (RuntimeException | UnsatisfiedLinkError err) {
      throw new IllegalStateException("cannot load DJL's PyTorch engine: " + err.getMessage(), err);
    }
    // If something else loaded libtorch before us with other settings, the intra-op count can still
    // be corrected (the inter-op count cannot once work has run).
    if (JniUtils.getNumThreads() != THREADS) {
      JniUtils.setNumThreads(THREADS);
    }
    Path libDir = Path.of(LibUtils.getLibtorchPath());
    if (mode == Reproducibility.PORTABLE) {
      try {
        NativeKernels.disableOneDnn(libDir);
      } catch (LinkageError | RuntimeException err) {
        throw new IllegalStateException("portable mode cannot switch oneDNN off in " + libDir + " ("
            + err.getMessage() + "); train with reproducibility fast, whose bytes are reproducible on this platform only",
            err);
      }
    }
    Device device = chooseDevice(requestedDevice(), e.getGpuCount());
    // CUDA's kernels are not pinned: bytes from a GPU are reproducible on that platform only.
    String recordedMode = device.isGpu() ? Reproducibility.FAST.id() : mode.id();
    Platform p = new Platform(recordedMode, device.toString(), Platform.cpuModel(), atenCapability(libDir, mode),
        mode == Reproducibility.PORTABLE ? "COMPATIBLE" : mklBranch(), oneDnn(libDir, mode),
        e.getEngineName() + " " + e.getVersion() + " (DJL " + Engine.getDjlVersion() + ")",
        JniUtils.getNumThreads(), JniUtils.getNumInteropThreads());
    if (mode == Reproducibility.PORTABLE && !p.aten().equals("default")) {
      // Only possible when libtorch ran before this class set the environment.
      throw new IllegalStateException("portable mode needs ATen's default kernels, but libtorch already uses '"
          + p.aten() + "': something loaded the PyTorch engine before stimulus did");
    }
    modeInForce = mode;
    platform = p;
    return e;
  }

  /** The device requested by configuration: {@code auto} (default), {@code cpu} or {@code gpu}. */
  static Device device() {
    return chooseDevice(requestedDevice(), engine().getGpuCount());
  }

  private static String requestedDevice() {
    return System.getProperty(DEVICE_PROPERTY, System.getenv().getOrDefault("STIMULUS_DEVICE", "auto"));
  }

  /**
   * {@code auto} takes the first GPU when the engine reports one and the CPU otherwise; {@code gpu}
   * insists on one.
   */
  static Device chooseDevice(String requested, int gpuCount) {
    return switch (requested.trim().toLowerCase(Locale.ROOT)) {
      case "auto" -> gpuCount > 0 ? Device.gpu(0) : Device.cpu();
      case "cpu" -> Device.cpu();
      case "gpu" -> {
        if (gpuCount == 0) {
          throw new StageException("device 'gpu' was requested (" + DEVICE_PROPERTY
              + ") but the PyTorch engine reports no GPU; use 'auto' or 'cpu'");
        }
        yield Device.gpu(0);
      }
      default -> throw new StageException(DEVICE_PROPERTY + " must be auto, cpu or gpu, found '" + requested + "'");
    };
  }

  /**
   * ATen's capability in use. Portable mode must be able to read it (it checks it is the baseline);
   * fast mode records "unknown" when the symbol cannot be read (another libtorch build, say).
   */
  private static String atenCapability(Path libDir, Reproducibility mode) {
    try {
      return NativeKernels.cpuCapability(libDir);
    } catch (LinkageError | RuntimeException err) {
      if (mode == Reproducibility.PORTABLE) {
        throw new IllegalStateException("portable mode cannot read libtorch's CPU capability in " + libDir + " ("
            + err.getMessage() + ")", err);
      }
      return "unknown";
    }
  }

  /**
   * Whether oneDNN is on. Portable mode has just switched it off and read it back; fast mode leaves
   * libtorch's default (on), recorded as such when the switch cannot be read.
   */
  private static boolean oneDnn(Path libDir, Reproducibility mode) {
    try {
      return NativeKernels.oneDnnEnabled(libDir);
    } catch (LinkageError | RuntimeException err) {
      if (mode == Reproducibility.PORTABLE) {
        throw new IllegalStateException("portable mode cannot read libtorch's oneDNN switch in " + libDir, err);
      }
      return true;
    }
  }

  /** MKL's branch in fast mode: whatever the environment chose, else its own dispatch. */
  private static String mklBranch() {
    String v = System.getenv("MKL_CBWR");
    return v == null || v.isBlank() ? "auto" : v;
  }

  /** {@link Engine#setRandomSeed} takes an int: fold the 64-bit stage seed into it. */
  static int engineSeed(long seed) {
    return (int) (seed ^ (seed >>> 32));
  }
}
