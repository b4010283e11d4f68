package dev.stimulus.core;

import com.fasterxml.jackson.databind.JsonNode;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The content-addressed artifact store (DESIGN §3). Layout under the configured prefix:
 *
 * <pre>
 * cas/&lt;aa&gt;/&lt;sha256&gt;            blobs, addressed by the SHA-256 of their bytes
 * ac/&lt;aa&gt;/&lt;actionkey&gt;.json     action results (provenance records)
 * by-output/&lt;aa&gt;/&lt;sha256&gt;.json which action produced a blob
 * leases/&lt;aa&gt;/&lt;actionkey&gt;.json single-flight claims with an expiry
 * refs/&lt;kind&gt;/&lt;name&gt;.json      named roots (experiments, pinned models)
 * quarantine/&lt;sha256&gt;.&lt;millis&gt; corrupt blobs moved aside on read
 * </pre>
 *
 * <p>Obtain one from {@link Stores}. Implementations are thread-safe.
 */
public interface ArtifactStore extends AutoCloseable {

  /** Stores bytes under their digest (conditional create: an existing blob is left untouched). */
  BlobRef put(byte[] bytes, String mediaType);

  /**
   * The blob's bytes, verified against its digest while read.
   *
   * @throws BlobNotFoundException when absent
   * @throws CorruptBlobException when the bytes do not match the digest; the object has then been
   *     moved to quarantine/ and removed from cas/, so a recompute can store it afresh
   */
  byte[] get(Digest digest);

  /** Whether the blob exists (HEAD; not verified). */
  boolean has(Digest digest);

  /**
   * The recorded result of an action, if every output blob still exists. A record whose blobs are
   * gone is a miss, not an error.
   */
  Optional<ActionRecord> lookup(Digest actionKey);

  /**
   * What was recorded when a second run of the action produced other outputs than its record's
   * (kept and rejected outputs, the rejected run's execution block), if that ever happened.
   */
  Optional<JsonNode> nondeterminism(Digest actionKey);

  /**
   * Commits a record (its output blobs must already be stored): first writer wins. Also writes the
   * by-output reverse pointers, first writer wins.
   */
  CommitOutcome commit(ActionRecord record);

  /** The record of the action that produced this blob (via by-output/), if any. */
  Optional<ActionRecord> producerOf(Digest blob);

  /**
   * Claims the single-flight lease for an action. Returns the lease when this caller now holds it;
   * empty when another live (unexpired) claim exists. An expired claim is taken over.
   */
  Optional<Lease> claim(Digest actionKey, String owner, Duration ttl);

  /** The current live claim on an action, if any. */
  Optional<Lease> currentLease(Digest actionKey);

  /** Releases a lease this caller holds (no-op when it has expired and been taken over). */
  void release(Lease lease);

  /**
   * Extends a lease this caller still holds to {@code ttl} from now, so that a long computation can
   * keep a short time to live (a crashed holder's claim then expires soon). Empty when the lease
   * was lost (expired and taken over, or released). Not atomic against a concurrent take-over:
   * leases only save work; the commit protocol keeps results correct.
   */
  Optional<Lease> renew(Lease lease, Duration ttl);

  /**
   * Ingests raw data: hashes the file (local path or {@code s3://bucket/key} on this store's
   * endpoint), copies it to cas/ and records an {@code ingest} action naming the original location,
   * size and ingestion time. Idempotent for the same content at the same location.
   */
  ActionRecord ingest(URI source, String mediaType);

  /** Writes a named root (overwrites: refs are mutable pointers, unlike everything else). */
  void putRef(String kind, String name, ObjectNode value);

  Optional<ObjectNode> getRef(String kind, String name);

  /** Names of the refs of one kind, sorted. */
  List<String> listRefs(String kind);

  /** Where the store lives, for messages. */
  String describe();

  @Override
  void close();

  /** What {@link #commit} did. */
  enum CommitOutcome {
    /** This call wrote the record. */
    WRITTEN,
    /** A record existed with the same output digests (a duplicate delivery, say). */
    ALREADY_PRESENT,
    /**
     * A record existed with different outputs: the stage is nondeterministic. The existing record
     * stands and the difference is recorded under ac/ as {@code <key>.nondeterministic.json}.
     */
    NONDETERMINISTIC,
    /**
     * A record existed with different outputs that were produced on another platform or in
     * another reproducibility mode (see {@link Reproduction}): expected, not a nondeterminism.
     * The existing record stands and nothing is recorded.
     */
    PLATFORM_DEPENDENT
  }

  /** A single-flight claim. */
  record Lease(Digest actionKey, String owner, String token, long expiresAtMillis) {
    public boolean expired(long nowMillis) {
      return nowMillis >= expiresAtMillis;
    }
  }
}
