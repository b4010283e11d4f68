package dev.stimulus.stages.encode;

import static dev.stimulus.stages.table.Fixtures.resource;
import static dev.stimulus.stages.table.Fixtures.run;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.stimulus.core.Digest;
import dev.stimulus.stages.Stage;
import dev.stimulus.stages.StageKind;
import dev.stimulus.stages.StageOutput;
import dev.stimulus.stages.split.GroupSplit;
import dev.stimulus.stages.split.HashSplit;
import dev.stimulus.stages.split.KFoldSplit;
import dev.stimulus.stages.split.PredefinedSplit;
import dev.stimulus.stages.split.RandomSplit;
import dev.stimulus.stages.split.StratifiedSplit;
import dev.stimulus.stages.transform.BalanceSampler;
import dev.stimulus.stages.transform.GaussianChunk;
import dev.stimulus.stages.transform.GaussianNoise;
import dev.stimulus.stages.transform.Identity;
import dev.stimulus.stages.transform.LabelShuffle;
import dev.stimulus.stages.transform.RandomDownSampler;
import dev.stimulus.stages.transform.ReverseComplement;
import dev.stimulus.stages.transform.SwapTransform;
import dev.stimulus.stages.transform.UniformTextMasker;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Pins the output bytes of every built-in split, transform and the encode stage on small fixed inputs.
 *
 * <p>IF THIS TEST FAILS YOU CHANGED OUTPUT BYTES: outputs are cached by action key, which includes
 * {@link Stage#version()}, so a stage whose output changes without a version bump serves stale
 * results. Bump that stage's version() and then update the digest here. These digests were recorded
 * from the code itself; they pin behaviour, they do not prove it correct (the other tests do that).
 */
class GoldenDigestTest {

  private static final String DATA = StageKind.Ports.DATA;
  private static final String TABLE = StageKind.Ports.TABLE;

  private static byte[] titanic() {
    return resource("titanic_head.csv");
  }

  private static byte[] titanicTable() {
    return run(new RandomSplit(), DATA, titanic(), "{}", 1).bytes(TABLE);
  }

  private static byte[] dnaTable() {
    return run(new PredefinedSplit(), DATA, resource("dna_split.csv"), "{\"column\":\"split\"}", 1).bytes(TABLE);
  }

  private static String digest(byte[] b) {
    return Digest.of(b).hex();
  }

  private static Map<String, String> digests(StageOutput out) {
    Map<String, String> d = new TreeMap<>();
    out.blobs().forEach((port, blob) -> d.put(port, digest(blob.bytes())));
    return d;
  }

  /** "Name@version digest" lines, so one failure shows every changed stage. */
  private static String pinned(Map<Stage, byte[]> outputs) {
    StringBuilder sb = new StringBuilder();
    outputs.forEach((stage, bytes) -> sb.append(stage.name()).append('@').append(stage.version()).append(' ')
        .append(digest(bytes)).append('\n'));
    return sb.toString();
  }

  @Test
  void splits() {
    Map<Stage, byte[]> out = new java.util.LinkedHashMap<>();
    out.put(new RandomSplit(), titanicTable());
    out.put(new StratifiedSplit(), run(new StratifiedSplit(), DATA, titanic(), "{\"column\":\"survived\"}", 1).bytes(TABLE));
    out.put(new PredefinedSplit(), dnaTable());
    out.put(new GroupSplit(), run(new GroupSplit(), DATA, titanic(), "{\"column\":\"pclass\",\"ratios\":[0.4,0.3,0.3]}", 1).bytes(TABLE));
    out.put(new HashSplit(), run(new HashSplit(), DATA, titanic(), "{\"column\":\"passenger_id\"}", 1).bytes(TABLE));
    out.put(new KFoldSplit(), run(new KFoldSplit(), DATA, titanic(), "{\"k\":3,\"fold\":1,\"test\":0.2,\"seed\":1}", 1).bytes(TABLE));
    assertEquals("RandomSplit@1 3394455a6dcd1b4598f60035b6896e798ff3d0be41d4b72ed5b2304477ba2b1b\n"
        + "StratifiedSplit@1 2b64fc9c1a9eb996141da1837d2107e2c2bdd902b4d931f068e3b9d3a292092e\n"
        + "PredefinedSplit@1 f866f14246fa990090a82a201fc0aa588d0057331e0bc8fb5283ec6cb3bca0f8\n"
        + "GroupSplit@1 275d834628484b3694380637f3eea6e5f57d313fe8fe08a1559e95d9760f09a9\n"
        + "HashSplit@1 d4c85ca8d6b8d01cd5a9846f95c86f5953a277305e5536dd6818167ec115b257\n"
        + "KFoldSplit@1 89f6e3c07e419d901dd0f2e9791d4d145139901f69581d88ffdfc94edd4af461\n", pinned(out));
  }

  @Test
  void transforms() {
    Map<Stage, byte[]> out = new java.util.LinkedHashMap<>();
    out.put(new Identity(), run(new Identity(), TABLE, titanicTable(), "{}", 2).bytes(TABLE));
    out.put(new GaussianNoise(),
        run(new GaussianNoise(), TABLE, titanicTable(), "{\"columns\":[\"age\",\"fare\"],\"std\":0.5}", 2).bytes(TABLE));
    out.put(new UniformTextMasker(),
        run(new UniformTextMasker(), TABLE, dnaTable(), "{\"columns\":[\"hello\"],\"probability\":0.3}", 2).bytes(TABLE));
    out.put(new ReverseComplement(), run(new ReverseComplement(), TABLE, dnaTable(), "{\"columns\":[\"hello\"]}", 2).bytes(TABLE));
    out.put(new SwapTransform(),
        run(new SwapTransform(), TABLE, dnaTable(), "{\"columns\":[\"hello\"],\"swap_numbers\":2}", 2).bytes(TABLE));
    out.put(new GaussianChunk(),
        run(new GaussianChunk(), TABLE, dnaTable(), "{\"columns\":[\"hello\"],\"chunk_size\":8,\"std\":0.2}", 2).bytes(TABLE));
    out.put(new BalanceSampler(),
        run(new BalanceSampler(), TABLE, titanicTable(), "{\"column\":\"survived\"}", 2).bytes(TABLE));
    out.put(new RandomDownSampler(),
        run(new RandomDownSampler(), TABLE, titanicTable(), "{\"fraction\":0.5}", 2).bytes(TABLE));
    out.put(new LabelShuffle(), run(new LabelShuffle(), TABLE, titanicTable(), "{\"column\":\"survived\"}", 2).bytes(TABLE));
    assertEquals("Identity@1 3394455a6dcd1b4598f60035b6896e798ff3d0be41d4b72ed5b2304477ba2b1b\n"
        + "GaussianNoise@1 e7bbb7ae91292fde4af1037c130e57195b470a22c13f09d937219ceecf6b421e\n"
        + "UniformTextMasker@1 9eb83a9eb5a931b151dd2e23dab61cee06866c4c33508e150cab66b991ad29c9\n"
        + "ReverseComplement@1 76c757f7d6e0dd1c749630edca156cfb98c290ec9fab56b10202bc98047d4e41\n"
        + "SwapTransform@1 9bdd1eb7d7a86ed44d9ef89eb31e65200abddd45cdd2939c8940e4cb10d74847\n"
        + "GaussianChunk@1 f162ff8e556b0276dddd9f1ce72303d872b2f60c60ae7d780f1bfc84d50cdc8f\n"
        + "BalanceSampler@1 e52304954fc2843a3a30c90a96e25237c3491ec6a001a1de8f91e2ff723faf12\n"
        + "RandomDownSampler@1 2fab6ea57c9f4b867756d3360174f3015677d33daa0fa9e8fda85fe4b367b261\n"
        + "LabelShuffle@1 edb2599f9380dfe990c23b3a2a90eb0baf167f8911202c4625eba2683ba8d303\n", pinned(out));
  }

  @Test
  void encodeTitanic() {
    String cols = "[{\"name\":\"pclass\",\"role\":\"input\",\"encoder\":{\"name\":\"Numeric\",\"params\":{\"dtype\":\"int8\"}}},"
        + "{\"name\":\"sex\",\"role\":\"input\",\"encoder\":{\"name\":\"StrClassification\"}},"
        + "{\"name\":\"age\",\"role\":\"input\",\"encoder\":{\"name\":\"Numeric\"}},"
        + "{\"name\":\"fare\",\"role\":\"input\",\"encoder\":{\"name\":\"Numeric\"}},"
        + "{\"name\":\"embarked\",\"role\":\"input\",\"encoder\":{\"name\":\"StrClassification\",\"params\":{\"unknown\":\"ignore\"}}},"
        + "{\"name\":\"survived\",\"role\":\"label\",\"encoder\":{\"name\":\"Numeric\",\"params\":{\"dtype\":\"int8\"}}}]";
    StageOutput out = run(new ColumnsEncode(), TABLE, titanicTable(), "{\"columns\":" + cols + "}", 3);
    assertEquals("columns@1 {index=675afeee346a30abb703017cfded15358d8b77d55855e0287f3e3ed57e1ced86, "
        + "state=f151a2b9e5e24da9ab328be6b8d3d6c6223ed8b41af9827fbce40a585338ee1b, "
        + "tensors=f81b034f4d6d617130c9603d23a7397efa99a3c54548691f47a529051294383b}", "columns@" + new ColumnsEncode().version() + " " + digests(out));
  }

  @Test
  void encodeDna() {
    String cols = "[{\"name\":\"hello\",\"role\":\"input\",\"encoder\":{\"name\":\"TextOneHot\"}},"
        + "{\"name\":\"hola\",\"role\":\"label\",\"encoder\":{\"name\":\"Numeric\"}}]";
    StageOutput out = run(new ColumnsEncode(), TABLE, dnaTable(), "{\"columns\":" + cols + "}", 3);
    // TextOneHot@2 added min_known: the state (which lists the resolved params) changed, the tensors did not
    assertEquals(2, new TextOneHot().version());
    assertEquals("columns@1 {index=d4e39f0e899b965aec57e08d24158cfec52b1e9581bedd615281f62d13be96c6, "
        + "state=05b3912219269b39966e1ab33b9e403e38df045d73305fbaa4436a0a37ae82ef, "
        + "tensors=5216a4308544b957f304e69b921f5f7c9165223b0e077491e3c4e39200eaf77f}", "columns@" + new ColumnsEncode().version() + " " + digests(out));
  }

  @Test
  void encodeWithFittedEncoders() {
    String cols = "[{\"name\":\"sex\",\"role\":\"input\",\"encoder\":{\"name\":\"TextAscii\"}},"
        + "{\"name\":\"age\",\"role\":\"input\",\"encoder\":{\"name\":\"NumericRank\"}},"
        + "{\"name\":\"fare\",\"role\":\"input\",\"encoder\":{\"name\":\"Standardize\"}},"
        + "{\"name\":\"survived\",\"role\":\"label\",\"encoder\":{\"name\":\"StrClassification\"}}]";
    StageOutput out = run(new ColumnsEncode(), TABLE, titanicTable(), "{\"columns\":" + cols + "}", 3);
    assertEquals("TextAscii@1 NumericRank@1 Standardize@1", "TextAscii@" + new TextAscii().version() + " NumericRank@"
        + new NumericRank().version() + " Standardize@" + new Standardize().version());
    assertEquals("columns@1 {index=675afeee346a30abb703017cfded15358d8b77d55855e0287f3e3ed57e1ced86, "
        + "state=322e72814482790deef8214001d785890d0ec4b603bf27c601f4e9e052632f01, "
        + "tensors=d9562375de942f0384f0b75cc3d84ab84a7ce82b5a0d11556e941dbfa4b3872d}", "columns@" + new ColumnsEncode().version() + " " + digests(out));
  }
}
