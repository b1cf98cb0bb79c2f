package dev.clientele.io;

import io.delta.kernel.Scan;
import io.delta.kernel.Snapshot;
import io.delta.kernel.Table;
import io.delta.kernel.data.ColumnarBatch;
import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.data.Row;
import io.delta.kernel.defaults.engine.DefaultEngine;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.internal.InternalScanFileUtils;
import io.delta.kernel.internal.data.ScanStateRow;
import io.delta.kernel.types.StructType;
import io.delta.kernel.utils.CloseableIterator;
import io.delta.kernel.utils.FileStatus;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;

/**
 * Reads a Delta table with Delta Kernel and its default (Hadoop + Parquet) engine, the way other
 * engines' connectors do, with no Spark involved. Test-only: it visits every row on one thread.
 */
final class KernelReader {
  private final Engine engine = DefaultEngine.create(new Configuration());
  private final Snapshot snapshot;

  KernelReader(String tablePath) {
    this.snapshot = Table.forPath(engine, tablePath).getLatestSnapshot(engine);
  }

  StructType schema() {
    return snapshot.getSchema();
  }

  List<String> partitionColumns() {
    return snapshot.getPartitionColumnNames();
  }

  /** Visits every live row (selection vectors applied) of the latest snapshot. */
  void forEachRow(Consumer<Row> visitor) throws IOException {
    Scan scan = snapshot.getScanBuilder().build();
    Row scanState = scan.getScanState(engine);
    StructType physicalSchema = ScanStateRow.getPhysicalDataReadSchema(scanState);
    try (CloseableIterator<FilteredColumnarBatch> files = scan.getScanFiles(engine)) {
      while (files.hasNext()) {
        try (CloseableIterator<Row> fileRows = files.next().getRows()) {
          while (fileRows.hasNext()) {
            readFile(scanState, fileRows.next(), physicalSchema, visitor);
          }
        }
      }
    }
  }

  private void readFile(
      Row scanState, Row scanFile, StructType physicalSchema, Consumer<Row> visitor)
      throws IOException {
    FileStatus file = InternalScanFileUtils.getAddFileStatus(scanFile);
    CloseableIterator<ColumnarBatch> physical =
        engine
            .getParquetHandler()
            .readParquetFiles(singleton(file), physicalSchema, Optional.empty())
            .map(r -> r.getData());
    // transformPhysicalData adds the partition values and applies deletion vectors.
    try (CloseableIterator<FilteredColumnarBatch> logical =
        Scan.transformPhysicalData(engine, scanState, scanFile, physical)) {
      while (logical.hasNext()) {
        try (CloseableIterator<Row> rows = logical.next().getRows()) {
          rows.forEachRemaining(visitor);
        }
      }
    }
  }

  private static CloseableIterator<FileStatus> singleton(FileStatus f) {
    List<FileStatus> one = new ArrayList<>(List.of(f));
    var it = one.iterator();
    return new CloseableIterator<>() {
      @Override
      public boolean hasNext() {
        return it.hasNext();
      }

      @Override
      public FileStatus next() {
        return it.next();
      }

      @Override
      public void close() {}
    };
  }
}
