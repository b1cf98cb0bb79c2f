package dev.clientele.ingest;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.clientele.testkit.SparkTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The file identities a source read lists, without reading the data. */
@ExtendWith(SparkTest.class)
class IngestedFilesTest {

  @Test
  void theListingGivesWhatTheRowsFileColumnsSayFileNamesWithSpacesAndAccentsIncluded(
      @TempDir Path dir) throws Exception {
    Path in = Files.createDirectories(dir.resolve("in"));
    Files.writeString(in.resolve("day 1.csv"), "id,v\n1,a\n2,b\n");
    Files.writeString(in.resolve("reçus-2.csv"), "id,v\n3,c\n");
    Dataset<Row> raw =
        SparkTest.spark()
            .read()
            .option("header", "true")
            .csv(in.toString())
            .withColumn(SourceReader.FILE_PATH, col("_metadata.file_path"))
            .withColumn(SourceReader.FILE_SIZE, col("_metadata.file_size"))
            .withColumn(SourceReader.FILE_MTIME, col("_metadata.file_modification_time"));

    // The reference: the distinct file columns of the rows (the "delta" path reads the rows).
    List<IngestedFiles.FileId> fromRows = sorted(IngestedFiles.files(raw, "delta"));
    List<IngestedFiles.FileId> listed = sorted(IngestedFiles.files(raw, "csv"));

    assertEquals(2, fromRows.size());
    assertEquals(fromRows, listed);
    assertEquals(Files.size(in.resolve("day 1.csv")), listed.get(0).size());
  }

  private static List<IngestedFiles.FileId> sorted(List<IngestedFiles.FileId> files) {
    return files.stream().sorted(Comparator.comparing(IngestedFiles.FileId::path)).toList();
  }
}
