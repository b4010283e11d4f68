package dev.stimulus.workflows.exec;

import dev.stimulus.core.ActionRecord;
import dev.stimulus.core.ArtifactStore;
import dev.stimulus.core.ArtifactStore.Lease;
import dev.stimulus.core.BlobNotFoundException;
import dev.stimulus.core.BlobRef;
import dev.stimulus.core.CorruptBlobException;
import dev.stimulus.core.Digest;
import dev.stimulus.core.StoreException;
import dev.stimulus.stages.StageException;
import dev.stimulus.workflows.plan.NodeKind;
import dev.stimulus.workflows.plan.Plan;
import dev.stimulus.workflows.plan.PlanNode;
import dev.stimulus.workflows.plan.Trial;
import dev.stimulus.workflows.results.Results;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs a plan's DAG in this process against an artifact store (DESIGN §5, the local executor).
 *
 * <p>Per node: the action key from the upstream outputs' digests; a recorded action is reused
 * (cached); otherwise the node claims the action's lease (waiting while another live claim exists),
 * runs the stage with a seed derived from the key, stores the outputs, commits the provenance
 * record and releases the lease. Because keys are made of input digests, an upstream node that
 * recomputes byte-identical output leaves everything below it cached (early cutoff).
 *
 * <p>Nodes run in parallel on a thread pool as soon as their inputs exist, except training: the
 * training engine allows one training per JVM, so misses of train nodes are handed to a single
 * dedicated thread (and the JVM-wide lock in {@link Invoker}) instead of blocking pool threads. A failing node fails
 * only itself and what depends on it; the rest of the plan still runs.
 */
public final class LocalExecutor {

  private final ArtifactStore store;
  private final ExecutorOptions options;
  private final Invoker invoker;

  public LocalExecutor(ArtifactStore store, ExecutorOptions options) {
    this.store = store;
    this.options = options;
    this.invoker = new Invoker(store, "local", options.owner(), options.stageThreads());
  }

  /**
   * Runs every node of the plan, then collects the trials' results and records them under
   * {@code refs/experiments/<name>.json}.
   */
  public RunReport run(Plan plan, ProgressListener listener) {
    long start = System.nanoTime();
    Run run = new Run(plan, listener);
    List<NodeResult> results = run.execute();
    Results collected = Results.collect(plan, results, store);
    collected.save(store);
    return new RunReport(plan, results, collected, (System.nanoTime() - start) / 1_000_000);
  }

  /** What a run would find in the store; runs nothing and writes nothing. */
  public CacheEstimate estimate(Plan plan) {
    Map<NodeKind, int[]> counts = new EnumMap<>(NodeKind.class);
    for (NodeKind k : NodeKind.values()) {
      counts.put(k, new int[3]);
    }
    List<SortedMap<String, BlobRef>> outputs = new ArrayList<>();
    Map<Integer, Digest> keys = new TreeMap<>();
    for (PlanNode node : plan.nodes()) {
      SortedMap<String, BlobRef> out = null;
      int bucket = 2;
      if (node.kind() == NodeKind.INGEST) {
        Optional<BlobRef> data = localDigest(node);
        if (data.isPresent()) {
          out = new TreeMap<>(Map.of(PORT_DATA, data.get()));
          bucket = store.has(data.get().digest()) ? 0 : 1;
        }
      } else {
        Map<String, BlobRef> inputs = new TreeMap<>();
        boolean known = true;
        for (var e : node.inputs().entrySet()) {
          SortedMap<String, BlobRef> up = outputs.get(e.getValue().node());
          BlobRef ref = up == null ? null : up.get(e.getValue().port());
          known &= ref != null;
          inputs.put(e.getKey(), ref);
        }
        if (known) {
          Digest key = keyOf(node, inputs);
          keys.put(node.index(), key);
          Optional<ActionRecord> hit = store.lookup(key);
          bucket = hit.isPresent() ? 0 : 1;
          out = hit.map(ActionRecord::outputs).orElse(null);
        }
      }
      counts.get(node.kind())[bucket]++;
      outputs.add(out);
    }
    Map<NodeKind, CacheEstimate.Counts> result = new EnumMap<>(NodeKind.class);
    counts.forEach((k, c) -> result.put(k, new CacheEstimate.Counts(c[0], c[1], c[2])));
    int complete = 0;
    for (Trial t : plan.trials()) {
      if (outputs.get(t.evaluateNode()) != null) {
        complete++;
      }
    }
    return new CacheEstimate(result, keys, complete);
  }

  private static final String PORT_DATA = dev.stimulus.stages.StageKind.Ports.DATA;

  static Digest keyOf(PlanNode node, Map<String, BlobRef> inputs) {
    return Invoker.keyOf(node.kind().stageKind(), node.impl(), node.version(), node.params(), inputs);
  }

  /** The digest of a local data file, computed here; empty for remote sources. */
  private static Optional<BlobRef> localDigest(PlanNode ingest) {
    URI uri = URI.create(ingest.params().get("source").textValue());
    if (!"file".equals(uri.getScheme())) {
      return Optional.empty();
    }
    Path path = Path.of(uri);
    try (InputStream in = Files.newInputStream(path)) {
      return Optional.of(new BlobRef(Digest.of(in), Files.size(path), BlobRef.CSV));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** The state of one call to {@link #run}. */
  private final class Run {
    private final Plan plan;
    private final ProgressListener listener;
    private final NodeResult[] results;
    private final Map<NodeKind, AtomicInteger> done = new EnumMap<>(NodeKind.class);
    private final Map<NodeKind, Integer> totals;
    private final Object events = new Object();

    Run(Plan plan, ProgressListener listener) {
      this.plan = plan;
      this.listener = listener == null ? ProgressListener.NONE : listener;
      this.results = new NodeResult[plan.nodes().size()];
      this.totals = plan.invocations();
      for (NodeKind k : NodeKind.values()) {
        done.put(k, new AtomicInteger());
      }
    }

    List<NodeResult> execute() {
      ExecutorService pool = Executors.newFixedThreadPool(options.threads(), named("stimulus-worker"));
      ExecutorService trainer = Executors.newSingleThreadExecutor(named("stimulus-train"));
      try {
        List<CompletableFuture<NodeResult>> futures = new ArrayList<>();
        for (PlanNode node : plan.nodes()) {
          CompletableFuture<?>[] ups = node.inputs().values().stream()
              .map(r -> futures.get(r.node())).distinct().toArray(CompletableFuture[]::new);
          CompletableFuture<NodeResult> f = CompletableFuture.allOf(ups)
              .thenComposeAsync(v -> start(node, trainer), pool)
              .thenApply(r -> finish(node, r));
          futures.add(f);
        }
        CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).join();
        return List.of(results);
      } finally {
        pool.shutdownNow();
        trainer.shutdownNow();
      }
    }

    /** On a pool thread: block, reuse, or hand the computation to the right thread. */
    private CompletableFuture<NodeResult> start(PlanNode node, ExecutorService trainer) {
      long t0 = System.nanoTime();
      try {
        Map<String, BlobRef> inputs = new TreeMap<>();
        for (var e : node.inputs().entrySet()) {
          NodeResult up = results[e.getValue().node()];
          if (!up.status().succeeded()) {
            String why = up.status() == Status.BLOCKED ? up.message()
                : up.node().kind().id() + " " + up.node().label() + " failed";
            return CompletableFuture.completedFuture(
                new NodeResult(node, Status.BLOCKED, null, null, why, 0));
          }
          BlobRef ref = up.outputs().get(e.getValue().port());
          if (ref == null) {
            return CompletableFuture.completedFuture(failed(node, null, t0, up.node().impl()
                + " produced no output '" + e.getValue().port() + "' (it produced " + up.outputs().keySet() + ")"));
          }
          inputs.put(e.getKey(), ref);
        }
        if (node.kind() == NodeKind.INGEST) {
          return CompletableFuture.completedFuture(ingest(node, t0));
        }
        Digest key = keyOf(node, inputs);
        Optional<ActionRecord> hit = store.lookup(key);
        if (hit.isPresent()) {
          return CompletableFuture.completedFuture(cached(node, hit.get(), t0));
        }
        if (node.kind() == NodeKind.TRAIN) {
          return CompletableFuture.supplyAsync(() -> compute(node, key, inputs), trainer);
        }
        return CompletableFuture.completedFuture(compute(node, key, inputs));
      } catch (RuntimeException | Error e) {
        return CompletableFuture.completedFuture(failed(node, null, t0, describe(node, e)));
      }
    }

    private NodeResult ingest(PlanNode node, long t0) {
      URI source = URI.create(node.params().get("source").textValue());
      boolean known = localDigest(node).map(b -> store.has(b.digest())).orElse(false);
      try {
        ActionRecord record = store.ingest(source, BlobRef.CSV);
        return new NodeResult(node, known ? Status.CACHED : Status.DONE, record.key(), record.outputs(), "", millis(t0));
      } catch (StoreException e) {
        return failed(node, null, t0, e.getMessage());
      }
    }

    /** Claims the lease, runs the stage, stores and commits (the shared path of {@link Invoker}). */
    private NodeResult compute(PlanNode node, Digest key, Map<String, BlobRef> inputs) {
      long t0 = System.nanoTime();
      Lease lease = null;
      try {
        Acquired acquired = acquire(node, key);
        if (acquired.hit != null) {
          return cached(node, acquired.hit, t0);
        }
        lease = acquired.lease;
        Map<String, byte[]> bytes = new TreeMap<>();
        for (var e : inputs.entrySet()) {
          bytes.put(e.getKey(), read(node, e.getKey(), e.getValue()));
        }
        emit(node, Status.STARTED, "");
        Invoker.Computed computed = invoker.compute(node.stage(), node.params(), key, inputs, bytes,
            (d, t, m) -> {
              synchronized (events) {
                listener.onStageProgress(node, d, t, m);
              }
            }, null);
        return new NodeResult(node, Status.DONE, key, computed.outputs(), computed.note(), millis(t0));
      } catch (StageException e) {
        return failed(node, key, t0, e.getMessage());
      } catch (StoreException e) {
        return failed(node, key, t0, "store: " + e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return failed(node, key, t0, "interrupted");
      } catch (RuntimeException | Error e) {
        return failed(node, key, t0, describe(node, e));
      } finally {
        if (lease != null) {
          invoker.release(lease);
        }
      }
    }

    /**
     * An input's bytes. A blob found corrupt (and so quarantined) or missing since its producer's
     * record was looked up is rebuilt by running the producer again with its recorded inputs; stages
     * are deterministic, so the same bytes come back under the same digest.
     */
    private byte[] read(PlanNode consumer, String port, BlobRef ref) {
      try {
        return store.get(ref.digest());
      } catch (CorruptBlobException | BlobNotFoundException e) {
        PlanNode producer = plan.node(consumer.inputs().get(port).node());
        emit(producer, Status.STARTED, "recomputing: " + e.getMessage());
        NodeResult again = producer.kind() == NodeKind.INGEST
            ? ingest(producer, System.nanoTime())
            : recompute(producer);
        if (!again.status().succeeded()) {
          throw new StoreException("input '" + port + "' of " + consumer.kind().id() + " " + consumer.label()
              + " was unreadable (" + e.getMessage() + ") and recomputing it failed: " + again.message());
        }
        return store.get(ref.digest());
      }
    }

    /**
     * Runs a node that already completed once, after one of its outputs was lost: its record's outputs
     * no longer all exist, so the ordinary path misses, runs the stage and commits (the record stands).
     */
    private NodeResult recompute(PlanNode node) {
      Map<String, BlobRef> inputs = new TreeMap<>();
      node.inputs().forEach((port, r) -> inputs.put(port, results[r.node()].outputs().get(r.port())));
      return compute(node, keyOf(node, inputs), inputs);
    }

    private record Acquired(Lease lease, ActionRecord hit) {}

    /** The lease, or the result another process committed while this one waited for it. */
    private Acquired acquire(PlanNode node, Digest key) throws InterruptedException {
      boolean waiting = false;
      while (true) {
        Invoker.Claim claim = invoker.claim(key, options.leaseTtl());
        if (claim instanceof Invoker.Claim.Held held) {
          return new Acquired(held.lease(), null);
        }
        if (claim instanceof Invoker.Claim.Hit hit) {
          return new Acquired(null, hit.record());
        }
        if (!waiting) {
          waiting = true;
          String holder = ((Invoker.Claim.Busy) claim).holder().map(l -> " held by " + l.owner()
              + " until " + Instant.ofEpochMilli(l.expiresAtMillis())).orElse("");
          emit(node, Status.WAITING, "another run is computing this action" + holder);
        }
        Thread.sleep(options.pollInterval().toMillis());
        Optional<ActionRecord> hit = store.lookup(key);
        if (hit.isPresent()) {
          return new Acquired(null, hit.get());
        }
      }
    }

    private NodeResult cached(PlanNode node, ActionRecord hit, long t0) {
      return new NodeResult(node, Status.CACHED, hit.key(), hit.outputs(), "", millis(t0));
    }

    private NodeResult failed(PlanNode node, Digest key, long t0, String message) {
      return new NodeResult(node, Status.FAILED, key, null, message, millis(t0));
    }

    private NodeResult finish(PlanNode node, NodeResult r) {
      results[node.index()] = r;
      emit(node, r.status(), r.message());
      return r;
    }

    private void emit(PlanNode node, Status status, String message) {
      boolean terminal = status != Status.STARTED && status != Status.WAITING;
      synchronized (events) {
        int d = terminal ? done.get(node.kind()).incrementAndGet() : done.get(node.kind()).get();
        try {
          listener.onEvent(new ProgressEvent(node.kind(), node, status, d, totals.get(node.kind()), message));
        } catch (RuntimeException e) {
          // A broken progress display must not fail the run.
        }
      }
    }
  }

  private static String describe(PlanNode node, Throwable e) {
    return "internal error in " + node.kind().id() + " " + node.impl() + ": " + e;
  }

  private static long millis(long t0) {
    return (System.nanoTime() - t0) / 1_000_000;
  }

  private static ThreadFactory named(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
