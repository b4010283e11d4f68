package dev.stimulus.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The artifact store of DESIGN §3 over any {@link ObjectBackend}: content-addressed blobs, action
 * records committed first-writer-wins, reverse pointers for lineage, and single-flight leases.
 *
 * <p>Correctness rests on conditional creates only ({@code If-None-Match: *}): nothing under cas/,
 * ac/ or by-output/ is ever overwritten, so duplicate deliveries and concurrent workers are safe.
 */
final class ContentStore implements ArtifactStore {

  static final String INGEST_STAGE = "ingest";
  static final int INGEST_VERSION = 1;
  static final String INGEST_OUTPUT = "data";

  private final ObjectBackend backend;
  private final Clock clock;
  private final Runnable onClose;

  ContentStore(ObjectBackend backend, Clock clock, Runnable onClose) {
    this.backend = backend;
    this.clock = clock;
    this.onClose = onClose;
  }

  ContentStore(ObjectBackend backend) {
    this(backend, Clock.systemUTC(), () -> {});
  }

  ObjectBackend backend() {
    return backend;
  }

  // ---------------------------------------------------------------- blobs

  @Override
  public BlobRef put(byte[] bytes, String mediaType) {
    Digest digest = Digest.of(bytes);
    backend.putIfAbsent(StoreKeys.blob(digest), bytes, blobMetadata(digest, mediaType));
    return new BlobRef(digest, bytes.length, mediaType);
  }

  @Override
  public byte[] get(Digest digest) {
    String key = StoreKeys.blob(digest);
    Optional<byte[]> stored = backend.get(key);
    if (stored.isEmpty()) {
      invalidateProducer(digest);
      throw new BlobNotFoundException(digest, describe());
    }
    byte[] bytes = stored.get();
    Digest actual = Digest.of(bytes);
    if (!actual.equals(digest)) {
      // Move the damaged object aside so that the next put of the true bytes can land.
      String quarantined = StoreKeys.quarantine(digest, clock.millis());
      backend.put(quarantined, bytes, Map.of("expected-sha256", digest.hex(), "actual-sha256", actual.hex()));
      backend.delete(key);
      invalidateProducer(digest);
      throw new CorruptBlobException(digest, actual, quarantined);
    }
    return bytes;
  }

  /**
   * Keeps the invariant that lets {@link #lookup} skip existence checks: a record in ac/ names only
   * blobs that exist. When a blob is found gone or corrupt, the record of the action that produced
   * it (found through by-output/) is moved to quarantine/ with its pointer, so the next lookup
   * misses and the action runs again. Other records that happen to name the same blob are repaired
   * by the executors, which rebuild an unreadable input by rerunning its producer.
   */
  private void invalidateProducer(Digest blob) {
    String pointerKey = StoreKeys.producer(blob);
    Optional<byte[]> pointer = backend.get(pointerKey);
    if (pointer.isEmpty()) {
      return;
    }
    Digest action;
    try {
      action = Digest.parse(parse(pointer.get(), pointerKey).path("action").asText());
    } catch (IllegalArgumentException | StoreException e) {
      return; // a damaged pointer names nothing to invalidate
    }
    String recordKey = StoreKeys.action(action);
    backend.get(recordKey).ifPresent(record -> backend.put(
        StoreKeys.quarantineRecord(action, clock.millis()), record, Map.of("reason", "output " + blob.hex() + " unreadable")));
    backend.delete(recordKey);
    backend.delete(pointerKey);
  }

  @Override
  public boolean has(Digest digest) {
    return backend.exists(StoreKeys.blob(digest));
  }

  // ---------------------------------------------------------------- actions

  /**
   * One GET. Output existence is not checked here: the store only writes a record after its outputs
   * (see {@link #commit}) and removes it when one of them is found gone or corrupt (see {@link
   * #get}), so a hit costs one round trip however many outputs the action has. A blob removed
   * behind the store's back is detected when read, and the executors then rerun its producer.
   */
  @Override
  public Optional<ActionRecord> lookup(Digest actionKey) {
    return readRecord(actionKey);
  }

  @Override
  public CommitOutcome commit(ActionRecord record) {
    checkIdentity(record);
    for (var out : record.outputs().entrySet()) {
      if (!has(out.getValue().digest())) {
        throw new StoreException(
            "cannot commit action "
                + record.key()
                + " ("
                + record.stage()
                + " "
                + record.impl()
                + "): its output '"
                + out.getKey()
                + "' (blob "
                + out.getValue().digest()
                + ") is not in the store; put outputs before committing");
      }
    }
    CommitOutcome outcome;
    if (backend.putIfAbsent(StoreKeys.action(record.key()), json(record), Map.of())) {
      outcome = CommitOutcome.WRITTEN;
    } else {
      ActionRecord winner =
          readRecord(record.key())
              .orElseThrow(
                  () ->
                      new StoreException(
                          "action record "
                              + StoreKeys.action(record.key())
                              + " existed on write but not on read in "
                              + describe()));
      if (winner.sameOutputsAs(record)) {
        outcome = CommitOutcome.ALREADY_PRESENT;
      } else if (Reproduction.whyOutputsMayDiffer(winner.execution(), record.execution()).isPresent()) {
        return CommitOutcome.PLATFORM_DEPENDENT;
      } else {
        recordNondeterminism(winner, record);
        return CommitOutcome.NONDETERMINISTIC;
      }
    }
    // Also on ALREADY_PRESENT: heals pointers a crashed first writer did not get to write.
    for (var out : record.outputs().entrySet()) {
      ObjectNode pointer = CanonicalJson.MAPPER.createObjectNode();
      pointer.put("blob", out.getValue().digest().hex());
      pointer.put("action", record.key().hex());
      pointer.put("output", out.getKey());
      backend.putIfAbsent(StoreKeys.producer(out.getValue().digest()), json(pointer), Map.of());
    }
    return outcome;
  }

  @Override
  public Optional<ActionRecord> producerOf(Digest blob) {
    Optional<byte[]> pointer = backend.get(StoreKeys.producer(blob));
    if (pointer.isEmpty()) {
      return Optional.empty();
    }
    JsonNode node = parse(pointer.get(), StoreKeys.producer(blob));
    Digest action;
    try {
      action = Digest.parse(node.path("action").asText());
    } catch (IllegalArgumentException e) {
      throw corrupt(StoreKeys.producer(blob), "its 'action' is not a digest", e);
    }
    return readRecord(action);
  }

  @Override
  public Optional<JsonNode> nondeterminism(Digest actionKey) {
    String key = StoreKeys.nondeterministic(actionKey);
    Optional<byte[]> bytes = backend.get(key);
    if (bytes.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(CanonicalJson.MAPPER.readTree(bytes.get()));
    } catch (IOException e) {
      throw corrupt(key, "it is not valid JSON", e);
    }
  }

  Optional<ActionRecord> readRecord(Digest actionKey) {
    String key = StoreKeys.action(actionKey);
    Optional<byte[]> bytes = backend.get(key);
    if (bytes.isEmpty()) {
      return Optional.empty();
    }
    ActionRecord record;
    try {
      record = CanonicalJson.MAPPER.readValue(bytes.get(), ActionRecord.class);
    } catch (IOException | IllegalArgumentException e) {
      throw corrupt(key, "it is not a valid action record", e);
    }
    if (record.schema() != ActionRecord.SCHEMA) {
      throw new StoreException(
          "action record "
              + key
              + " in "
              + describe()
              + " has schema "
              + record.schema()
              + "; this version of stimulus reads schema "
              + ActionRecord.SCHEMA);
    }
    if (!actionKey.equals(record.key())) {
      throw corrupt(key, "it names action " + record.key(), null);
    }
    return Optional.of(record);
  }

  /** The record's key must be the hash of its identity, or lookups would return wrong results. */
  private static void checkIdentity(ActionRecord record) {
    Map<String, Digest> inputs = new TreeMap<>();
    record.inputs().forEach((name, ref) -> inputs.put(name, ref.digest()));
    Digest expected =
        ActionKey.of(record.stage(), record.impl(), record.implVersion(), record.params(), inputs);
    if (!expected.equals(record.key())) {
      throw new StoreException(
          "cannot commit a record for "
              + record.stage()
              + " "
              + record.impl()
              + " v"
              + record.implVersion()
              + ": its key "
              + record.key()
              + " is not the action key of its stage, impl, version, params and inputs ("
              + expected
              + ")");
    }
  }

  private void recordNondeterminism(ActionRecord kept, ActionRecord rejected) {
    ObjectNode note = CanonicalJson.MAPPER.createObjectNode();
    note.put("key", kept.key().hex());
    note.put("stage", kept.stage());
    note.put("impl", kept.impl());
    note.put("implVersion", kept.implVersion());
    note.set("kept", CanonicalJson.MAPPER.valueToTree(kept.outputs()));
    note.set("rejected", CanonicalJson.MAPPER.valueToTree(rejected.outputs()));
    if (rejected.execution() != null) {
      note.set("rejectedExecution", rejected.execution());
    }
    note.put("recordedAtMillis", clock.millis());
    // Conditional: the first observation stands, like the record itself.
    backend.putIfAbsent(StoreKeys.nondeterministic(kept.key()), json(note), Map.of());
  }

  // ---------------------------------------------------------------- leases

  @Override
  public Optional<Lease> claim(Digest actionKey, String owner, Duration ttl) {
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("a lease needs a positive time to live, got " + ttl);
    }
    String key = StoreKeys.lease(actionKey);
    // Few rounds: the lease may be released or taken over between our steps.
    for (int round = 0; round < 3; round++) {
      Lease lease =
          new Lease(actionKey, owner, UUID.randomUUID().toString(), clock.millis() + ttl.toMillis());
      if (backend.putIfAbsent(key, json(leaseJson(lease)), Map.of())) {
        return Optional.of(lease);
      }
      Optional<Lease> current = readLease(actionKey);
      if (current.isPresent() && !current.get().expired(clock.millis())) {
        return Optional.empty();
      }
      // Expired (or just released): take over. Two racing takers may both believe they hold it;
      // leases only save work, the commit protocol keeps results correct.
      current.ifPresent(c -> backend.delete(key));
    }
    return Optional.empty();
  }

  @Override
  public Optional<Lease> currentLease(Digest actionKey) {
    return readLease(actionKey).filter(l -> !l.expired(clock.millis()));
  }

  @Override
  public void release(Lease lease) {
    Optional<Lease> current = readLease(lease.actionKey());
    if (current.isPresent() && current.get().token().equals(lease.token())) {
      backend.delete(StoreKeys.lease(lease.actionKey()));
    }
  }

  @Override
  public Optional<Lease> renew(Lease lease, Duration ttl) {
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("a lease needs a positive time to live, got " + ttl);
    }
    Optional<Lease> current = readLease(lease.actionKey());
    if (current.isEmpty() || !current.get().token().equals(lease.token())) {
      return Optional.empty();
    }
    Lease renewed = new Lease(lease.actionKey(), lease.owner(), lease.token(), clock.millis() + ttl.toMillis());
    backend.put(StoreKeys.lease(lease.actionKey()), json(leaseJson(renewed)), Map.of());
    return Optional.of(renewed);
  }

  private Optional<Lease> readLease(Digest actionKey) {
    String key = StoreKeys.lease(actionKey);
    return backend
        .get(key)
        .map(
            bytes -> {
              JsonNode n = parse(bytes, key);
              if (!n.path("token").isTextual() || !n.path("expiresAtMillis").canConvertToLong()) {
                throw corrupt(key, "it lacks 'token' or 'expiresAtMillis'", null);
              }
              return new Lease(
                  actionKey,
                  n.path("owner").asText(),
                  n.path("token").asText(),
                  n.path("expiresAtMillis").asLong());
            });
  }

  private static ObjectNode leaseJson(Lease lease) {
    ObjectNode n = CanonicalJson.MAPPER.createObjectNode();
    n.put("actionKey", lease.actionKey().hex());
    n.put("owner", lease.owner());
    n.put("token", lease.token());
    n.put("expiresAtMillis", lease.expiresAtMillis());
    return n;
  }

  // ---------------------------------------------------------------- ingestion

  @Override
  public ActionRecord ingest(URI source, String mediaType) {
    Source src = read(source);
    String type = mediaType == null ? guessMediaType(src.uri()) : mediaType;
    // Raw data can be large and is ingested again on every run: when its bytes are already stored,
    // a HEAD replaces re-sending them all for a conditional PUT to refuse.
    Digest digest = Digest.of(src.bytes());
    BlobRef blob = has(digest) ? new BlobRef(digest, src.bytes().length, type) : put(src.bytes(), type);
    ObjectNode params = CanonicalJson.MAPPER.createObjectNode();
    params.put("source", src.uri());
    params.put("sha256", blob.digest().hex());
    Digest key = ActionKey.of(INGEST_STAGE, src.impl(), INGEST_VERSION, params, Map.of());
    // The key holds location and content: an existing record is this very ingestion.
    Optional<ActionRecord> existing = readRecord(key);
    if (existing.isPresent()) {
      return existing.get();
    }
    ObjectNode execution = CanonicalJson.MAPPER.createObjectNode();
    execution.put("ingestedAt", Instant.ofEpochMilli(clock.millis()).toString());
    execution.put("size", blob.size());
    SortedMap<String, BlobRef> outputs = new TreeMap<>(Map.of(INGEST_OUTPUT, blob));
    ActionRecord record =
        new ActionRecord(
            ActionRecord.SCHEMA, key, INGEST_STAGE, src.impl(), INGEST_VERSION, params, new TreeMap<>(), outputs, execution);
    if (commit(record) == CommitOutcome.WRITTEN) {
      return record;
    }
    return readRecord(key).orElse(record);
  }

  private record Source(String uri, String impl, byte[] bytes) {}

  private Source read(URI source) {
    String scheme = source.getScheme();
    if (scheme == null || scheme.equalsIgnoreCase("file")) {
      Path path = scheme == null ? Path.of(source.getPath()) : Path.of(source);
      Path absolute = path.toAbsolutePath().normalize();
      try {
        if (Files.isDirectory(absolute)) {
          throw new StoreException("cannot ingest " + absolute + ": it is a directory, not a file");
        }
        return new Source(absolute.toUri().toString(), "file", Files.readAllBytes(absolute));
      } catch (NoSuchFileException e) {
        throw new StoreException("cannot ingest " + absolute + ": no such file");
      } catch (IOException e) {
        throw new StoreException("cannot ingest " + absolute + ": " + e, e);
      }
    }
    if (scheme.equalsIgnoreCase("s3")) {
      if (!(backend instanceof S3Backend s3)) {
        throw new StoreException(
            "cannot ingest "
                + source
                + ": s3:// sources need an S3 store, and this store is "
                + describe());
      }
      String bucket = source.getHost();
      String key = source.getPath() == null ? "" : source.getPath().replaceFirst("^/", "");
      if (bucket == null || key.isEmpty()) {
        throw new StoreException(
            "cannot ingest " + source + ": expected s3://<bucket>/<key>");
      }
      byte[] bytes =
          s3.getObject(bucket, key)
              .orElseThrow(
                  () -> new StoreException("cannot ingest " + source + ": no such object"));
      return new Source("s3://" + bucket + "/" + key, "s3", bytes);
    }
    throw new StoreException(
        "cannot ingest " + source + ": unsupported scheme '" + scheme + "' (expected a file path, file: or s3://)");
  }

  private static String guessMediaType(String uri) {
    String lower = uri.toLowerCase(java.util.Locale.ROOT);
    if (lower.endsWith(".csv")) {
      return BlobRef.CSV;
    }
    if (lower.endsWith(".json")) {
      return BlobRef.JSON;
    }
    return BlobRef.BINARY;
  }

  // ---------------------------------------------------------------- refs

  @Override
  public void putRef(String kind, String name, ObjectNode value) {
    backend.put(StoreKeys.ref(kind, name), json(value), Map.of());
  }

  @Override
  public Optional<ObjectNode> getRef(String kind, String name) {
    String key = StoreKeys.ref(kind, name);
    return backend
        .get(key)
        .map(
            bytes -> {
              JsonNode n = parse(bytes, key);
              if (!(n instanceof ObjectNode o)) {
                throw corrupt(key, "it is not a JSON object", null);
              }
              return o;
            });
  }

  @Override
  public List<String> listRefs(String kind) {
    String prefix = StoreKeys.refsOf(kind);
    List<String> names = new ArrayList<>();
    for (String key : backend.list(prefix)) {
      String rest = key.substring(prefix.length());
      if (!rest.contains("/") && rest.endsWith(".json")) {
        names.add(rest.substring(0, rest.length() - ".json".length()));
      }
    }
    names.sort(null);
    return names;
  }

  // ---------------------------------------------------------------- misc

  @Override
  public String describe() {
    return backend.describe();
  }

  @Override
  public void close() {
    try {
      backend.close();
    } finally {
      onClose.run();
    }
  }

  @Override
  public String toString() {
    return "store " + describe();
  }

  private static Map<String, String> blobMetadata(Digest digest, String mediaType) {
    return Map.of("sha256", digest.hex(), "media-type", mediaType == null ? BlobRef.BINARY : mediaType);
  }

  private static byte[] json(Object value) {
    try {
      return CanonicalJson.MAPPER.writeValueAsBytes(value);
    } catch (IOException e) {
      throw new StoreException("cannot serialise " + value.getClass().getSimpleName() + ": " + e, e);
    }
  }

  private JsonNode parse(byte[] bytes, String key) {
    try {
      return CanonicalJson.MAPPER.readTree(bytes);
    } catch (IOException e) {
      throw corrupt(key, "it is not valid JSON", e);
    }
  }

  private StoreException corrupt(String key, String why, Exception cause) {
    return new StoreException(
        "object " + key + " in " + describe() + " is damaged: " + why, cause);
  }
}
