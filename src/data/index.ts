/** Public surface of the data layer: tables, schemas, encoders, CSV/IDX/PNG I/O, bundled datasets. */
export { replaceFileAtomic, writeFileAtomic } from './atomic-write.js';
export { DEFAULT_MISSING_TOKENS, openCsv, readCsvAll } from './csv-reader.js';
export type { CsvFile, CsvReadOptions, CsvRecord, CsvSource, CsvValue } from './csv-reader.js';
export { formatCsvRow, quoteCsvField, writeCsv } from './csv-writer.js';
export type { CsvCell, CsvWriteOptions } from './csv-writer.js';
export type { TextInput } from './text-source.js';
export { createTypeInferrer, inferColumnTypes } from './infer-types.js';
export type { ColumnStats, InferOptions, TypeInferrer } from './infer-types.js';
export { formatNumber, parseNumeric, roundToDecimals } from './numbers.js';
export type { ParsedNumber } from './numbers.js';
export {
  SCHEMA_VERSION,
  columnsNeedingEstimation,
  domainStatus,
  findColumn,
  hasReleasableDomains,
  parseSchema,
  readSchema,
  schemaToJson,
  withEstimatedDomain,
  writeSchema,
} from './schema.js';
export type { CategoricalColumnSchema, ColumnSchema, ColumnType, DomainStatus, EstimatedDomain, NumericColumnSchema, Schema } from './schema.js';
export { INFERRED_SCHEMA_WARNING, inferSchema, schemaFromStats } from './schema-infer.js';
export { checkTableAgainstSchema } from './schema-check.js';
export type { CellInput } from './schema-check.js';
export { createTableBuilder, getColumn, readTable, tableColumnNames, tableFromRows, tableToRows, writeTable } from './table.js';
export type { CategoricalColumn, NumericColumn, ReadTableOptions, Table, TableBuilder, TableColumn } from './table.js';
export { createEncoder } from './encoders.js';
export type { ColumnBlock, DecodedValue, DecodeOptions, Encoder, EncoderOptions } from './encoders.js';
export { encodeIdx, parseIdx, readIdx, writeIdx } from './idx.js';
export type { IdxArray, IdxData, IdxDType } from './idx.js';
export { crc32 } from './crc32.js';
export { encodePng, imageGrid, writePng, writePngGrid } from './png.js';
export type { GridOptions, ImageBatch, RasterImage } from './png.js';
export { bundledDatasetPath, bundledDatasets } from './datasets.js';
export type { BundledDataset } from './datasets.js';
