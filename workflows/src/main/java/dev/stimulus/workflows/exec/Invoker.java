package dev.stimulus.workflows.exec;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stimulus.core.ActionKey;
import dev.stimulus.core.ActionRecord;
import dev.stimulus.core.ArtifactStore;
import dev.stimulus.core.ArtifactStore.CommitOutcome;
import dev.stimulus.core.ArtifactStore.Lease;
import dev.stimulus.core.BlobNotFoundException;
import dev.stimulus.core.BlobRef;
import dev.stimulus.core.CorruptBlobException;
import dev.stimulus.core.Digest;
import dev.stimulus.core.StoreException;
import dev.stimulus.stages.Stage;
import dev.stimulus.stages.StageContext;
import dev.stimulus.stages.StageException;
import dev.stimulus.stages.StageInput;
import dev.stimulus.stages.StageKind;
import dev.stimulus.stages.StageOutput;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The per-invocation path shared by every engine (the local executor and the Conductor workers):
 * inputs' digests -> action key -> lookup -> claim the lease -> run the stage on verified input
 * bytes -> put outputs -> commit the provenance record -> release. Engines differ only in what
 * they do while another process holds the lease (the local executor waits; a Conductor worker
 * answers IN_PROGRESS and is called back) and in how they recover an unreadable input.
 */
public final class Invoker {

  /**
   * One training at a time per JVM, whichever engine asks and whichever train stage runs: DJL
   * allows no more. The built-in trainer also locks itself; this lock covers plug-in trainers.
   * (Evaluation need not wait: the train package itself keeps model rebuilds, which draw from the
   * engine's global random generator, out of the middle of a training.)
   */
  private static final ReentrantLock TRAINING = new ReentrantLock();
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private final ArtifactStore store;
  private final String engine;
  private final String owner;
  private final int stageThreads;

  /**
   * @param engine recorded in each record's execution block ({@code local}, {@code conductor})
   * @param owner who claims leases: unique per executor or worker process
   * @param stageThreads threads each stage may use (StageContext.threads)
   */
  public Invoker(ArtifactStore store, String engine, String owner, int stageThreads) {
    this.store = store;
    this.engine = engine;
    this.owner = owner;
    this.stageThreads = stageThreads;
  }

  public ArtifactStore store() {
    return store;
  }

  public String owner() {
    return owner;
  }

  /** A unique lease owner for this host and process ({@code host/pid/n}). */
  public static String newOwner() {
    return Host.owner();
  }

  /** The action key of running {@code stage} with resolved {@code params} on {@code inputs}. */
  public static Digest keyOf(Stage stage, ObjectNode params, Map<String, BlobRef> inputs) {
    return keyOf(stage.kind(), stage.name(), stage.version(), params, inputs);
  }

  static Digest keyOf(StageKind kind, String impl, int version, ObjectNode params, Map<String, BlobRef> inputs) {
    Map<String, Digest> digests = new TreeMap<>();
    inputs.forEach((port, ref) -> digests.put(port, ref.digest()));
    return ActionKey.of(kind.id(), impl, version, params, digests);
  }

  /** The recorded result of an action whose outputs all still exist. */
  public Optional<ActionRecord> lookup(Digest key) {
    return store.lookup(key);
  }

  /** What one attempt to claim an action found. */
  public sealed interface Claim {
    /** This caller holds the lease and must compute (then release). */
    record Held(Lease lease) implements Claim {}

    /** The action was committed meanwhile: use its record. */
    record Hit(ActionRecord record) implements Claim {}

    /** Another live claim exists; {@code holder} says whose, when it could be read. */
    record Busy(Optional<Lease> holder) implements Claim {}
  }

  /** One attempt, never blocking: claims the lease, then looks again (a commit may have landed). */
  public Claim claim(Digest key, Duration ttl) {
    Optional<Lease> lease = store.claim(key, owner, ttl);
    if (lease.isPresent()) {
      Optional<ActionRecord> hit = store.lookup(key);
      if (hit.isPresent()) {
        store.release(lease.get());
        return new Claim.Hit(hit.get());
      }
      return new Claim.Held(lease.get());
    }
    return new Claim.Busy(store.currentLease(key));
  }

  /** Releases a lease; a failure costs others a wait until it expires, never correctness. */
  public void release(Lease lease) {
    try {
      store.release(lease);
    } catch (StoreException e) {
      // The lease expires by itself.
    }
  }

  /**
   * The inputs' bytes, verified against their digests.
   *
   * @throws StoreException naming the port and digest when an input is missing or corrupt (a
   *     corrupt one is quarantined by the store, so recomputing its producer can store it afresh)
   */
  public Map<String, byte[]> read(Map<String, BlobRef> inputs) {
    Map<String, byte[]> bytes = new TreeMap<>();
    for (var e : inputs.entrySet()) {
      try {
        bytes.put(e.getKey(), store.get(e.getValue().digest()));
      } catch (CorruptBlobException | BlobNotFoundException x) {
        throw new StoreException("input '" + e.getKey() + "' (blob " + e.getValue().digest()
            + ") is unreadable: " + x.getMessage() + "; run the step that produced it again", x);
      }
    }
    return bytes;
  }

  /** What {@link #compute} produced: the outputs every consumer must use, and a warning if any. */
  public record Computed(SortedMap<String, BlobRef> outputs, CommitOutcome outcome, String note) {}

  /**
   * Runs the stage on already read input bytes, stores its outputs and commits the record. The
   * caller holds the action's lease. When another writer committed first, the recorded outputs
   * are returned so that every consumer sees the same bytes.
   *
   * @param execution extra fields for the record's execution block (workflow and task ids, ...)
   * @throws StageException when the stage fails or produces fewer outputs than its kind declares
   */
  public Computed compute(Stage stage, ObjectNode params, Digest key, Map<String, BlobRef> inputs,
      Map<String, byte[]> inputBytes, StageContext.Progress progress, ObjectNode execution) {
    StageContext context = new StageContext(ActionKey.seedOf(key), stageThreads, progress);
    Instant startedAt = Instant.now();
    long s0 = System.nanoTime();
    StageOutput out = run(stage, new StageInput(inputBytes), params, context);
    long ms = (System.nanoTime() - s0) / 1_000_000;
    List<String> missing = stage.kind().outputs().stream().filter(p -> !out.blobs().containsKey(p)).toList();
    if (!missing.isEmpty()) {
      throw new StageException(stage.name() + " produced no output " + missing
          + " (it produced " + out.blobs().keySet() + ")");
    }
    SortedMap<String, BlobRef> outputs = new TreeMap<>();
    out.blobs().forEach((port, blob) -> outputs.put(port, store.put(blob.bytes(), blob.mediaType())));
    ActionRecord record = new ActionRecord(ActionRecord.SCHEMA, key, stage.kind().id(), stage.name(),
        stage.version(), params, new TreeMap<>(inputs), outputs, executionBlock(startedAt, ms, out, execution));
    CommitOutcome outcome = store.commit(record);
    if (outcome == CommitOutcome.WRITTEN) {
      return new Computed(outputs, outcome, "");
    }
    ActionRecord winner = store.lookup(key).orElse(record);
    String note = switch (outcome) {
      case NONDETERMINISTIC -> "nondeterministic: this run's outputs differ from the recorded ones, which are used";
      case PLATFORM_DEPENDENT -> "platform-dependent: this run's outputs differ from the recorded ones because "
          + dev.stimulus.core.Reproduction.whyOutputsMayDiffer(winner.execution(), record.execution()).orElse("")
          + "; the recorded ones are used";
      default -> "";
    };
    return new Computed(winner.outputs(), outcome, note);
  }

  private static StageOutput run(Stage stage, StageInput input, ObjectNode params, StageContext context) {
    if (stage.kind() != StageKind.TRAIN) {
      return stage.run(input, params, context);
    }
    TRAINING.lock();
    try {
      return stage.run(input, params, context);
    } finally {
      TRAINING.unlock();
    }
  }

  private ObjectNode executionBlock(Instant startedAt, long ms, StageOutput out, ObjectNode extra) {
    ObjectNode e = F.objectNode();
    e.put("engine", engine);
    e.put("host", Host.name());
    e.put("owner", owner);
    e.put("startedAt", startedAt.toString());
    e.put("durationMillis", ms);
    e.put("java", System.getProperty("java.version"));
    e.put("threads", stageThreads);
    if (extra != null) {
      e.setAll(extra);
    }
    out.execution().forEach(e::set);
    if (!out.notes().isEmpty()) {
      ObjectNode notes = e.putObject("notes");
      out.notes().forEach(notes::put);
    }
    return e;
  }
}
