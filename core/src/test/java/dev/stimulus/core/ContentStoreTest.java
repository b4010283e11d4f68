package dev.stimulus.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stimulus.core.ArtifactStore.CommitOutcome;
import dev.stimulus.core.ArtifactStore.Lease;
import dev.stimulus.core.testing.TestStores;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store over a real S3Proxy (one server per JVM, a fresh key prefix per test). */
class ContentStoreTest {

  private static final AtomicInteger PREFIX = new AtomicInteger();

  private final MutableClock clock = new MutableClock(1_700_000_000_000L);
  private EmbeddedS3 server;
  private String prefix;
  private ContentStore store;

  @BeforeEach
  void open() {
    server = TestStores.sharedServer();
    prefix = "cs" + PREFIX.incrementAndGet() + "/";
    store = new ContentStore(S3Backend.open(server.config(prefix)), clock, () -> {});
  }

  @AfterEach
  void close() {
    store.close();
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** A synthetic transform record over {@code input} with the given outputs (already stored). */
  private static ActionRecord record(
      String impl, JsonNode params, Map<String, BlobRef> inputs, Map<String, BlobRef> outputs, String worker) {
    Map<String, Digest> in = new TreeMap<>();
    inputs.forEach((k, v) -> in.put(k, v.digest()));
    Digest key = ActionKey.of("transform", impl, 1, params, in);
    ObjectNode exec = CanonicalJson.MAPPER.createObjectNode().put("worker", worker);
    return new ActionRecord(
        ActionRecord.SCHEMA, key, "transform", impl, 1, params, new TreeMap<>(inputs), new TreeMap<>(outputs), exec);
  }

  private static JsonNode params(String json) {
    try {
      return CanonicalJson.MAPPER.readTree(json);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  // ---------------------------------------------------------------- blobs

  @Test
  void putGetRoundTripAndPutIsIdempotent() {
    byte[] bytes = utf8("row_id,fold\n0,train\n");
    BlobRef ref = store.put(bytes, BlobRef.CSV);
    assertEquals(Digest.of(bytes), ref.digest());
    assertEquals(bytes.length, ref.size());
    assertEquals(BlobRef.CSV, ref.mediaType());
    assertTrue(store.has(ref.digest()));
    assertArrayEquals(bytes, store.get(ref.digest()));

    BlobRef again = store.put(bytes, BlobRef.CSV);
    assertEquals(ref, again);
    assertEquals(List.of(StoreKeys.blob(ref.digest())), store.backend().list("cas/"));
    // Laid out as the design says, under the configured prefix.
    assertTrue(Files.isRegularFile(server.fileOf(prefix + "cas/" + ref.digest().shard() + "/" + ref.digest().hex())));
  }

  @Test
  void emptyBlobIsABlob() {
    BlobRef ref = store.put(new byte[0], null);
    // SHA-256 of the empty string (FIPS 180-2).
    assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", ref.digest().hex());
    assertArrayEquals(new byte[0], store.get(ref.digest()));
  }

  @Test
  void missingBlobThrowsNotFoundNamingTheDigest() {
    Digest absent = Digest.of(utf8("never stored"));
    assertFalse(store.has(absent));
    BlobNotFoundException e = assertThrows(BlobNotFoundException.class, () -> store.get(absent));
    assertTrue(e.getMessage().contains(absent.hex()), e.getMessage());
    assertEquals(absent, e.digest());
  }

  // ---------------------------------------------------------------- commit

  @Test
  void eightConcurrentCommitsOfOneActionHaveExactlyOneWinner() throws Exception {
    BlobRef in = store.put(utf8("input"), BlobRef.CSV);
    BlobRef out = store.put(utf8("output"), BlobRef.CSV);
    int threads = 8;
    CountDownLatch gate = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Map.Entry<CommitOutcome, Optional<ActionRecord>>>> results = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        String worker = "w" + t;
        results.add(
            pool.submit(
                () -> {
                  ActionRecord r =
                      record("Noise", params("{\"std\":0.1}"), Map.of("table", in), Map.of("table", out), worker);
                  gate.await();
                  CommitOutcome outcome = store.commit(r);
                  return Map.entry(outcome, store.lookup(r.key()));
                }));
      }
      gate.countDown();
      int written = 0;
      int present = 0;
      for (var f : results) {
        var result = f.get();
        if (result.getKey() == CommitOutcome.WRITTEN) {
          written++;
        } else if (result.getKey() == CommitOutcome.ALREADY_PRESENT) {
          present++;
        }
        assertTrue(result.getValue().isPresent(), "every committer sees the record afterwards");
        assertEquals(out.digest(), result.getValue().get().output("table").digest());
      }
      assertEquals(1, written);
      assertEquals(threads - 1, present);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void commitWritesRecordAndReversePointer() {
    BlobRef in = store.put(utf8("in"), BlobRef.CSV);
    BlobRef out = store.put(utf8("out"), BlobRef.CSV);
    ActionRecord r = record("Noise", params("{}"), Map.of("table", in), Map.of("table", out), "w");
    assertEquals(CommitOutcome.WRITTEN, store.commit(r));
    ActionRecord found = store.lookup(r.key()).orElseThrow();
    assertEquals(r.key(), found.key());
    assertEquals(r.params(), found.params());
    assertEquals(r.inputs(), found.inputs());
    assertEquals(r.outputs(), found.outputs());
    assertEquals("w", found.execution().path("worker").asText());
    assertEquals(r.key(), store.producerOf(out.digest()).orElseThrow().key());
    assertTrue(store.producerOf(in.digest()).isEmpty());
  }

  @Test
  void differingOutputsAreRecordedAsNondeterministicAndTheFirstRecordStands() throws Exception {
    BlobRef in = store.put(utf8("in"), BlobRef.CSV);
    BlobRef first = store.put(utf8("first"), BlobRef.CSV);
    BlobRef second = store.put(utf8("second"), BlobRef.CSV);
    ActionRecord a = record("Noise", params("{}"), Map.of("table", in), Map.of("table", first), "a");
    ActionRecord b = record("Noise", params("{}"), Map.of("table", in), Map.of("table", second), "b");
    assertEquals(a.key(), b.key());
    assertEquals(CommitOutcome.WRITTEN, store.commit(a));
    assertEquals(CommitOutcome.NONDETERMINISTIC, store.commit(b));
    assertEquals(first.digest(), store.lookup(a.key()).orElseThrow().output("table").digest());

    String noteKey = StoreKeys.nondeterministic(a.key());
    JsonNode note = CanonicalJson.MAPPER.readTree(store.backend().get(noteKey).orElseThrow());
    assertEquals(first.digest().hex(), note.path("kept").path("table").path("digest").asText());
    assertEquals(second.digest().hex(), note.path("rejected").path("table").path("digest").asText());
    // The second blob has no producer: the losing record wrote no reverse pointer.
    assertTrue(store.producerOf(second.digest()).isEmpty());

    // A third, different result does not overwrite the first observation.
    BlobRef third = store.put(utf8("third"), BlobRef.CSV);
    assertEquals(CommitOutcome.NONDETERMINISTIC,
        store.commit(record("Noise", params("{}"), Map.of("table", in), Map.of("table", third), "c")));
    JsonNode again = CanonicalJson.MAPPER.readTree(store.backend().get(noteKey).orElseThrow());
    assertEquals(second.digest().hex(), again.path("rejected").path("table").path("digest").asText());
  }

  /** The same synthetic record, its execution block saying where it ran. */
  private static ActionRecord onPlatform(ActionRecord r, String mode, String platformId) {
    ObjectNode exec = r.execution().deepCopy();
    exec.putObject("platform").put("reproducibility", mode).put("id", platformId).put("cpu", "cpu-" + platformId);
    return new ActionRecord(r.schema(), r.key(), r.stage(), r.impl(), r.implVersion(), r.params(), r.inputs(),
        r.outputs(), exec);
  }

  @Test
  void differingOutputsOfTwoPortableRunsAreNondeterministicWhateverTheirPlatforms() {
    BlobRef in = store.put(utf8("in-portable"), BlobRef.CSV);
    BlobRef first = store.put(utf8("p1"), BlobRef.CSV);
    BlobRef second = store.put(utf8("p2"), BlobRef.CSV);
    ActionRecord a = onPlatform(record("Noise", params("{}"), Map.of("table", in), Map.of("table", first), "a"),
        "portable", "x");
    ActionRecord b = onPlatform(record("Noise", params("{}"), Map.of("table", in), Map.of("table", second), "b"),
        "portable", "y");
    assertEquals(CommitOutcome.WRITTEN, store.commit(a));
    assertEquals(CommitOutcome.NONDETERMINISTIC, store.commit(b));
    assertTrue(store.nondeterminism(a.key()).isPresent());
  }

  @Test
  void fastRunsDifferingAcrossPlatformsOrModesAreNotNondeterministicButOnOnePlatformThey() {
    BlobRef in = store.put(utf8("in-fast"), BlobRef.CSV);
    BlobRef first = store.put(utf8("f1"), BlobRef.CSV);
    BlobRef second = store.put(utf8("f2"), BlobRef.CSV);
    ActionRecord kept = onPlatform(record("Noise", params("{}"), Map.of("table", in), Map.of("table", first), "a"),
        "fast", "x");
    assertEquals(CommitOutcome.WRITTEN, store.commit(kept));
    ActionRecord otherPlatform = onPlatform(
        record("Noise", params("{}"), Map.of("table", in), Map.of("table", second), "b"), "fast", "y");
    assertEquals(CommitOutcome.PLATFORM_DEPENDENT, store.commit(otherPlatform));
    ActionRecord portable = onPlatform(
        record("Noise", params("{}"), Map.of("table", in), Map.of("table", second), "c"), "portable", "x");
    assertEquals(CommitOutcome.PLATFORM_DEPENDENT, store.commit(portable));
    assertTrue(store.nondeterminism(kept.key()).isEmpty(), "neither difference is a nondeterminism");
    assertEquals(first.digest(), store.lookup(kept.key()).orElseThrow().output("table").digest());
    ActionRecord samePlatform = onPlatform(
        record("Noise", params("{}"), Map.of("table", in), Map.of("table", second), "d"), "fast", "x");
    assertEquals(CommitOutcome.NONDETERMINISTIC, store.commit(samePlatform));
    assertEquals(second.digest().hex(),
        store.nondeterminism(kept.key()).orElseThrow().path("rejected").path("table").path("digest").asText());
  }

  @Test
  void commitRefusesRecordsWhoseOutputsAreNotStored() {
    BlobRef ghost = new BlobRef(Digest.of(utf8("not stored")), 10, BlobRef.CSV);
    ActionRecord r = record("Noise", params("{}"), Map.of(), Map.of("table", ghost), "w");
    StoreException e = assertThrows(StoreException.class, () -> store.commit(r));
    assertTrue(e.getMessage().contains("'table'") && e.getMessage().contains(ghost.digest().hex()), e.getMessage());
    assertTrue(store.lookup(r.key()).isEmpty());
  }

  @Test
  void commitRefusesRecordsWhoseKeyIsNotTheirIdentity() {
    BlobRef out = store.put(utf8("o"), BlobRef.CSV);
    ActionRecord honest = record("Noise", params("{\"std\":1}"), Map.of(), Map.of("table", out), "w");
    ActionRecord forged =
        new ActionRecord(1, honest.key(), "transform", "Noise", 1, params("{\"std\":2}"),
            honest.inputs(), honest.outputs(), null);
    StoreException e = assertThrows(StoreException.class, () -> store.commit(forged));
    assertTrue(e.getMessage().contains("not the action key"), e.getMessage());
  }

  @Test
  void lookupOfUnknownActionIsEmpty() {
    assertTrue(store.lookup(Digest.of(utf8("no such action"))).isEmpty());
  }

  @Test
  void aMissingOutputBlobMakesItsActionAMissOnceRead() {
    BlobRef out1 = store.put(utf8("kept"), BlobRef.CSV);
    BlobRef out2 = store.put(utf8("lost"), BlobRef.CSV);
    ActionRecord r = record("Two", params("{}"), Map.of(), Map.of("a", out1, "b", out2), "w");
    store.commit(r);
    assertTrue(store.lookup(r.key()).isPresent());
    // Deleted behind the store's back: a lookup (one GET, no existence checks) cannot know yet ...
    store.backend().delete(StoreKeys.blob(out2.digest()));
    assertTrue(store.lookup(r.key()).isPresent());
    // ... but the first read finds it gone and retires the producer's record, so the action reruns.
    assertThrows(BlobNotFoundException.class, () -> store.get(out2.digest()));
    assertTrue(store.lookup(r.key()).isEmpty());
    assertTrue(store.producerOf(out2.digest()).isEmpty());
    assertTrue(store.backend().list("quarantine/").stream().anyMatch(k -> k.startsWith("quarantine/" + r.key().hex() + ".json.")));
    // Rerunning it restores both.
    store.put(utf8("lost"), BlobRef.CSV);
    assertEquals(CommitOutcome.WRITTEN, store.commit(r));
    assertTrue(store.lookup(r.key()).isPresent());
    assertEquals(r.key(), store.producerOf(out2.digest()).orElseThrow().key());
  }

  @Test
  void damagedActionRecordIsAClearError() {
    Digest key = Digest.of(utf8("some action"));
    store.backend().put(StoreKeys.action(key), utf8("{not json"), Map.of());
    StoreException e = assertThrows(StoreException.class, () -> store.lookup(key));
    assertTrue(e.getMessage().contains(StoreKeys.action(key)) && e.getMessage().contains("damaged"), e.getMessage());
  }

  // ---------------------------------------------------------------- corruption

  @Test
  void corruptBlobOnDiskIsQuarantinedAndBecomesAMissUntilRestored() throws Exception {
    byte[] bytes = utf8("passenger_id,survived\n1,0\n2,1\n");
    BlobRef ref = store.put(bytes, BlobRef.CSV);
    ActionRecord r = record("Noise", params("{}"), Map.of(), Map.of("table", ref), "w");
    store.commit(r);

    // Flip one byte in the file S3Proxy keeps for the object, behind the server's back.
    Path file = server.fileOf(prefix + StoreKeys.blob(ref.digest()));
    assertTrue(Files.isRegularFile(file), "expected the object at " + file);
    byte[] damaged = bytes.clone();
    damaged[damaged.length - 2] = '7';
    Files.write(file, damaged);

    CorruptBlobException e = assertThrows(CorruptBlobException.class, () -> store.get(ref.digest()));
    assertEquals(ref.digest(), e.digest());
    assertTrue(e.getMessage().contains(Digest.of(damaged).hex()), e.getMessage());

    List<String> quarantined = store.backend().list("quarantine/");
    String blobCopy = "quarantine/" + ref.digest().hex() + "." + clock.millis();
    String recordCopy = "quarantine/" + r.key().hex() + ".json." + clock.millis();
    assertEquals(List.of(blobCopy, recordCopy).stream().sorted().toList(), quarantined);
    assertArrayEquals(damaged, store.backend().get(blobCopy).orElseThrow());
    assertFalse(store.has(ref.digest()));
    assertThrows(BlobNotFoundException.class, () -> store.get(ref.digest()));
    assertTrue(store.lookup(r.key()).isEmpty(), "an action whose output was corrupt is a miss");

    // The recompute stores the true bytes again and commits afresh.
    assertEquals(ref, store.put(bytes, BlobRef.CSV));
    assertEquals(CommitOutcome.WRITTEN, store.commit(r));
    assertArrayEquals(bytes, store.get(ref.digest()));
    assertTrue(store.lookup(r.key()).isPresent());
  }

  // ---------------------------------------------------------------- leases

  @Test
  void leasesAreSingleFlightAndExpire() {
    Digest action = Digest.of(utf8("action"));
    Lease mine = store.claim(action, "worker-1", Duration.ofSeconds(30)).orElseThrow();
    assertEquals("worker-1", mine.owner());
    assertEquals(clock.millis() + 30_000, mine.expiresAtMillis());
    assertEquals(mine, store.currentLease(action).orElseThrow());

    assertTrue(store.claim(action, "worker-2", Duration.ofSeconds(30)).isEmpty());

    clock.advance(Duration.ofSeconds(30));
    assertTrue(store.currentLease(action).isEmpty(), "expired at expiresAtMillis");
    Lease theirs = store.claim(action, "worker-2", Duration.ofSeconds(30)).orElseThrow();
    assertEquals("worker-2", theirs.owner());
    assertNotEquals(mine.token(), theirs.token());

    store.release(mine); // taken over: releasing the stale lease must not drop the new one
    assertEquals(theirs, store.currentLease(action).orElseThrow());
    store.release(theirs);
    assertTrue(store.currentLease(action).isEmpty());
    assertTrue(store.claim(action, "worker-3", Duration.ofSeconds(1)).isPresent());
  }

  @Test
  void renewingKeepsALeaseAliveOnlyForItsHolder() {
    Digest action = Digest.of(utf8("renewed action"));
    Lease mine = store.claim(action, "worker-1", Duration.ofSeconds(10)).orElseThrow();
    clock.advance(Duration.ofSeconds(8));
    Lease renewed = store.renew(mine, Duration.ofSeconds(10)).orElseThrow();
    assertEquals(clock.millis() + 10_000, renewed.expiresAtMillis());
    clock.advance(Duration.ofSeconds(8)); // 16 s after the claim: alive only because it was renewed
    assertTrue(store.claim(action, "worker-2", Duration.ofSeconds(10)).isEmpty());

    clock.advance(Duration.ofSeconds(2));
    Lease theirs = store.claim(action, "worker-2", Duration.ofSeconds(10)).orElseThrow();
    assertTrue(store.renew(renewed, Duration.ofSeconds(10)).isEmpty(), "a lease taken over cannot be renewed");
    assertEquals(theirs, store.currentLease(action).orElseThrow());
    store.release(theirs);
    assertTrue(store.renew(theirs, Duration.ofSeconds(10)).isEmpty(), "a released lease cannot be renewed");
  }

  @Test
  void leaseNeedsPositiveTtl() {
    assertThrows(IllegalArgumentException.class,
        () -> store.claim(Digest.of(utf8("a")), "w", Duration.ZERO));
  }

  // ---------------------------------------------------------------- ingest

  @Test
  void ingestRecordsSourceAndIsIdempotent(@TempDir Path dir) throws Exception {
    Path csv = dir.resolve("titanic.csv");
    byte[] bytes = utf8("passenger_id,survived\n1,0\n");
    Files.write(csv, bytes);
    ActionRecord first = store.ingest(csv.toUri(), null);
    assertEquals("ingest", first.stage());
    assertEquals("file", first.impl());
    assertEquals(1, first.implVersion());
    assertEquals(csv.toAbsolutePath().normalize().toUri().toString(), first.params().path("source").asText());
    assertEquals(Digest.of(bytes).hex(), first.params().path("sha256").asText());
    assertTrue(first.inputs().isEmpty());
    BlobRef data = first.output("data");
    assertEquals(Digest.of(bytes), data.digest());
    assertEquals(BlobRef.CSV, data.mediaType());
    assertEquals(bytes.length, first.execution().path("size").asLong());
    assertEquals(Instant.ofEpochMilli(clock.millis()).toString(), first.execution().path("ingestedAt").asText());
    assertArrayEquals(bytes, store.get(data.digest()));
    assertEquals(first.key(), store.producerOf(data.digest()).orElseThrow().key());

    // Again, later, by a relative-looking URI with a '..' detour: the same record, first time kept.
    clock.advance(Duration.ofHours(1));
    Path detour = dir.resolve("sub").resolve("..").resolve("titanic.csv");
    ActionRecord second = store.ingest(detour.toUri(), null);
    assertEquals(first.key(), second.key());
    assertEquals(CanonicalJson.write(first.execution()), CanonicalJson.write(second.execution()));
    assertEquals(1, store.backend().list("ac/").size());

    // Changed content at the same place is a new ingestion.
    Files.write(csv, utf8("passenger_id,survived\n1,1\n"));
    ActionRecord third = store.ingest(csv.toUri(), BlobRef.CSV);
    assertNotEquals(first.key(), third.key());
  }

  @Test
  void ingestOfMissingFileNamesThePath(@TempDir Path dir) {
    Path missing = dir.resolve("nope.csv");
    StoreException e = assertThrows(StoreException.class, () -> store.ingest(missing.toUri(), null));
    assertTrue(e.getMessage().contains(missing.toString()) && e.getMessage().contains("no such file"), e.getMessage());
    StoreException d = assertThrows(StoreException.class, () -> store.ingest(dir.toUri(), null));
    assertTrue(d.getMessage().contains("directory"), d.getMessage());
  }

  @Test
  void ingestOfUnsupportedSchemeIsAClearError() {
    StoreException e = assertThrows(StoreException.class,
        () -> store.ingest(java.net.URI.create("https://example.org/x.csv"), null));
    assertTrue(e.getMessage().contains("unsupported scheme 'https'"), e.getMessage());
  }

  @Test
  void ingestFromS3OnTheSameEndpoint() {
    // Raw data uploaded to the bucket outside the store's prefix.
    try (S3Backend raw = S3Backend.open(server.config("raw-" + prefix))) {
      raw.put("data/x.csv", utf8("a,b\n1,2\n"), Map.of());
    }
    String uri = "s3://" + server.bucket() + "/raw-" + prefix + "data/x.csv";
    ActionRecord r = store.ingest(java.net.URI.create(uri), null);
    assertEquals("s3", r.impl());
    assertEquals(uri, r.params().path("source").asText());
    assertArrayEquals(utf8("a,b\n1,2\n"), store.get(r.output("data").digest()));
    StoreException e = assertThrows(StoreException.class,
        () -> store.ingest(java.net.URI.create("s3://" + server.bucket() + "/raw-" + prefix + "data/none.csv"), null));
    assertTrue(e.getMessage().contains("no such object"), e.getMessage());
  }

  // ---------------------------------------------------------------- refs

  @Test
  void refsRoundTripOverwriteAndList() {
    ObjectNode v1 = CanonicalJson.MAPPER.createObjectNode().put("model", "abc");
    store.putRef("experiment", "titanic-noise", v1);
    store.putRef("experiment", "a.b_c-1", CanonicalJson.MAPPER.createObjectNode());
    store.putRef("model", "best", CanonicalJson.MAPPER.createObjectNode());
    assertEquals(v1, store.getRef("experiment", "titanic-noise").orElseThrow());
    ObjectNode v2 = CanonicalJson.MAPPER.createObjectNode().put("model", "def");
    store.putRef("experiment", "titanic-noise", v2);
    assertEquals(v2, store.getRef("experiment", "titanic-noise").orElseThrow());
    assertEquals(List.of("a.b_c-1", "titanic-noise"), store.listRefs("experiment"));
    assertEquals(List.of("best"), store.listRefs("model"));
    assertEquals(List.of(), store.listRefs("pinned"));
    assertTrue(store.getRef("experiment", "absent").isEmpty());
  }

  @Test
  void badRefNamesAreRejected() {
    ObjectNode v = CanonicalJson.MAPPER.createObjectNode();
    for (String bad : new String[] {"", "a/b", "..", "a..b", "x\u0000", "tab\there", "é", "a b", "x".repeat(201)}) {
      StoreException e = assertThrows(StoreException.class, () -> store.putRef("experiment", bad, v), bad);
      assertTrue(e.getMessage().contains("invalid ref name"), e.getMessage());
      assertFalse(e.getMessage().contains("\u0000"), "control characters are escaped in messages");
      assertThrows(StoreException.class, () -> store.putRef(bad, "ok", v), bad);
    }
    assertThrows(StoreException.class, () -> store.putRef("experiment", null, v));
    assertThrows(StoreException.class, () -> store.listRefs("../cas"));
    assertTrue(store.backend().list("refs/").isEmpty());
  }

  @Test
  void describeNamesBucketPrefixAndEndpoint() {
    assertEquals("s3://" + server.bucket() + "/" + prefix + " at " + server.endpoint(), store.describe());
  }

  /** A clock tests move by hand. */
  static final class MutableClock extends Clock {
    private final AtomicLong millis;

    MutableClock(long start) {
      millis = new AtomicLong(start);
    }

    void advance(Duration d) {
      millis.addAndGet(d.toMillis());
    }

    @Override
    public long millis() {
      return millis.get();
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(millis());
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }
}
