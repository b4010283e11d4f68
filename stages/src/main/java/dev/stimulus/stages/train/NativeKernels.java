package dev.stimulus.stages.train;

import com.sun.jna.Function;
import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Pins the CPU kernels libtorch chooses, for {@link Reproducibility#PORTABLE}.
 *
 * <p>Each library reads its switch from the process environment the first time it runs, so the
 * variables are set in the native environment ({@code setenv}, which Java cannot do itself)
 * before DJL loads libtorch, and override whatever the parent process passed. oneDNN has no
 * environment switch that turns it off, only one that caps its instruction set, and its JIT
 * kernels also pick their blocking from the CPU's caches: so it is switched off through ATen's
 * context after the load, which sends convolutions through ATen's im2col and MKL's GEMM.
 */
final class NativeKernels {

  /**
   * What portable mode sets, in order. ATen's baseline kernels run on every x86-64 CPU; MKL's
   * {@code COMPATIBLE} branch is its documented bitwise-reproducible path for all x86 processors
   * (it is also the path MKL takes on non-Intel CPUs anyway); the oneDNN cap only matters for
   * the few operations that still reach oneDNN with it switched off.
   */
  static final Map<String, String> PORTABLE_ENVIRONMENT = portableEnvironment();

  private static Map<String, String> portableEnvironment() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("ATEN_CPU_CAPABILITY", "default");
    env.put("MKL_CBWR", "COMPATIBLE");
    env.put("ONEDNN_MAX_CPU_ISA", "SSE41");
    env.put("DNNL_MAX_CPU_ISA", "SSE41");
    return env;
  }

  /** The C library's environment functions. */
  interface LibC extends Library {
    int setenv(String name, String value, int overwrite);

    String getenv(String name);
  }

  private static final String GLOBAL_CONTEXT = "_ZN2at13globalContextEv";
  private static final String SET_MKLDNN = "_ZN2at7Context20setUserEnabledMkldnnEb";
  private static final String GET_MKLDNN = "_ZNK2at7Context17userEnabledMkldnnEv";
  private static final String CPU_CAPABILITY = "_ZN2at18get_cpu_capabilityB5cxx11Ev";

  private NativeKernels() {}

  private static LibC libc() {
    return Native.load("c", LibC.class);
  }

  /**
   * Sets {@link #PORTABLE_ENVIRONMENT} in the native environment and reads each value back.
   * Called before the engine loads, from the one thread that loads it.
   */
  static void pinEnvironment() {
    LibC c = libc();
    PORTABLE_ENVIRONMENT.forEach((name, value) -> {
      if (c.setenv(name, value, 1) != 0 || !value.equals(c.getenv(name))) {
        throw new IllegalStateException("cannot set " + name + "=" + value + " in the process environment");
      }
    });
  }

  /** Switches oneDNN off for this process and checks that ATen took it. */
  static void disableOneDnn(Path libDir) {
    NativeLibrary torch = torchCpu(libDir);
    Pointer context = torch.getFunction(GLOBAL_CONTEXT).invokePointer(new Object[0]);
    torch.getFunction(SET_MKLDNN).invokeVoid(new Object[] {context, Boolean.FALSE});
    if (oneDnnEnabled(libDir)) {
      throw new IllegalStateException("libtorch did not switch oneDNN off");
    }
  }

  /** Whether ATen may use oneDNN (mkldnn) kernels in this process. */
  static boolean oneDnnEnabled(Path libDir) {
    NativeLibrary torch = torchCpu(libDir);
    Pointer context = torch.getFunction(GLOBAL_CONTEXT).invokePointer(new Object[0]);
    return (torch.getFunction(GET_MKLDNN).invokeInt(new Object[] {context}) & 0xff) != 0;
  }

  /**
   * ATen's CPU capability in use ({@code default}, {@code avx2}, {@code avx512}, as
   * {@code ATEN_CPU_CAPABILITY} names them), read from
   * {@code at::get_cpu_capability()}, which returns a {@code std::string} by value: the caller
   * passes the storage for it (libstdc++'s layout: data pointer, length, 16-byte inline buffer).
   */
  static String cpuCapability(Path libDir) {
    Function f = torchCpu(libDir).getFunction(CPU_CAPABILITY);
    Memory storage = new Memory(32);
    f.invokePointer(new Object[] {storage});
    Pointer data = storage.getPointer(0);
    long length = storage.getLong(8);
    if (length < 0 || length > 64) {
      return "unknown";
    }
    String name = new String(data.getByteArray(0, (int) length), java.nio.charset.StandardCharsets.US_ASCII)
        .toLowerCase(Locale.ROOT);
    // ATen names its baseline "NO AVX"; ATEN_CPU_CAPABILITY calls the same level "default".
    return name.equals("no avx") ? "default" : name.replace(' ', '_');
  }

  private static NativeLibrary torchCpu(Path libDir) {
    Path lib = libDir.resolve("libtorch_cpu.so");
    if (!Files.isRegularFile(lib)) {
      throw new IllegalStateException("libtorch_cpu.so not found in " + libDir);
    }
    // Already loaded by DJL: this opens the same handle and only looks symbols up.
    return NativeLibrary.getInstance(lib.toString());
  }
}
