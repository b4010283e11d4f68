package dev.stimulus.stages.encode;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.stimulus.stages.Catalogue;
import dev.stimulus.stages.StageKind;
import java.util.ServiceLoader;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The service files register every built-in under its name and kind. */
class BuiltinsRegisteredTest {

  @Test
  void stagesAreInTheCatalogue() {
    Catalogue c = Catalogue.load();
    for (String s : new String[] {"RandomSplit", "StratifiedSplit", "PredefinedSplit", "GroupSplit", "HashSplit",
        "KFoldSplit"}) {
      assertEquals(s, c.find(StageKind.SPLIT, s).name());
    }
    for (String s : new String[] {"Identity", "GaussianNoise", "UniformTextMasker", "ReverseComplement",
        "SwapTransform", "GaussianChunk", "BalanceSampler", "RandomDownSampler", "LabelShuffle"}) {
      assertEquals(s, c.find(StageKind.TRANSFORM, s).name());
    }
    assertEquals(ColumnsEncode.class, c.find(StageKind.ENCODE, "columns").getClass());
  }

  @Test
  void encodersAreFoundByServiceLoader() {
    TreeSet<String> names = new TreeSet<>();
    ServiceLoader.load(ColumnEncoder.class).forEach(e -> names.add(e.name()));
    assertEquals(new TreeSet<>(java.util.List.of("Numeric", "NumericRank", "Standardize", "StrClassification",
        "TextAscii", "TextOneHot")), names);
  }

  @Test
  void everyStageParamSpecResolvesItsDefaults() {
    // declared defaults must pass their own validation (required params excepted)
    for (var s : Catalogue.load().all()) {
      if (s.kind() == StageKind.TRAIN || s.kind() == StageKind.EVALUATE) {
        continue; // covered by their own tests
      }
      var required = s.params().list().stream().filter(p -> p.required()).toList();
      var given = dev.stimulus.stages.table.Fixtures.JSON.createObjectNode();
      required.forEach(p -> given.set(p.name(), p.type() == dev.stimulus.stages.Param.Type.STRING_LIST
          ? dev.stimulus.stages.table.Fixtures.json("[\"x\"]")
          : p.type() == dev.stimulus.stages.Param.Type.JSON ? dev.stimulus.stages.table.Fixtures.json("[]")
          : p.type() == dev.stimulus.stages.Param.Type.INT ? dev.stimulus.stages.table.Fixtures.json("1")
          : dev.stimulus.stages.table.Fixtures.json("\"x\"")));
      s.params().resolve(given, s.name());
    }
  }
}
