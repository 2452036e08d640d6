export {
  ManifestValidator,
  describeObject,
  formatValidationErrors,
} from './ManifestValidator';
export type {
  ManifestValidationError,
  ManifestValidatorOptions,
  SupportedKind,
  ValidationContext,
} from './ManifestValidator';
export {
  convertOpenApiV3Schema,
  crdInfo,
  crdToJsonSchema,
  dropNulls,
  swaggerDefinitionsToJsonSchema,
} from './schemaConversion';
export type {
  CrdInfo,
  JsonSchema,
  SchemaConversionOptions,
  SwaggerConversionOptions,
} from './schemaConversion';
