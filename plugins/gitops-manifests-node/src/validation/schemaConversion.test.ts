import Ajv from 'ajv';
import {
  convertOpenApiV3Schema,
  crdInfo,
  crdToJsonSchema,
  dropNulls,
  swaggerDefinitionsToJsonSchema,
} from './schemaConversion';

function compile(schema: object) {
  return new Ajv({ allErrors: true, strict: false }).compile(schema);
}

describe('convertOpenApiV3Schema', () => {
  it('turns x-kubernetes-int-or-string into integer-or-string', () => {
    const converted = convertOpenApiV3Schema({
      anyOf: [{ type: 'integer' }, { type: 'string' }],
      'x-kubernetes-int-or-string': true,
      pattern: '^(\\+|-)?\\d+$',
    });
    expect(converted).toEqual({
      anyOf: [{ type: 'integer' }, { type: 'string' }],
      pattern: '^(\\+|-)?\\d+$',
    });
    const validate = compile(converted);
    expect(validate(3)).toBe(true);
    expect(validate('3')).toBe(true);
    expect(validate(true)).toBe(false);
    expect(validate('abc')).toBe(false); // the string branch keeps its pattern
  });

  it('handles int-or-string declared without anyOf', () => {
    const validate = compile(
      convertOpenApiV3Schema({ 'x-kubernetes-int-or-string': true }),
    );
    expect(validate(8080)).toBe(true);
    expect(validate('http')).toBe(true);
    expect(validate(1.5)).toBe(false);
    expect(validate({})).toBe(false);
  });

  it('closes objects with properties in strict mode', () => {
    const converted = convertOpenApiV3Schema({
      type: 'object',
      properties: {
        spec: {
          type: 'object',
          properties: { runStrategy: { type: 'string' } },
        },
      },
    });
    expect(converted.additionalProperties).toBe(false);
    expect(
      (converted.properties as Record<string, Record<string, unknown>>).spec
        .additionalProperties,
    ).toBe(false);
    const validate = compile(converted);
    expect(validate({ spec: { runStrategy: 'Always' } })).toBe(true);
    expect(validate({ spec: { runstrategy: 'Always' } })).toBe(false);
    expect(validate.errors?.[0]).toMatchObject({
      keyword: 'additionalProperties',
      instancePath: '/spec',
      params: { additionalProperty: 'runstrategy' },
    });
  });

  it('leaves objects open when strict is off', () => {
    const converted = convertOpenApiV3Schema(
      { type: 'object', properties: { a: { type: 'string' } } },
      { strict: false },
    );
    expect(converted).not.toHaveProperty('additionalProperties');
    expect(compile(converted)({ a: 'x', b: 1 })).toBe(true);
  });

  it('keeps explicit additionalProperties (maps) untouched', () => {
    const converted = convertOpenApiV3Schema({
      type: 'object',
      properties: { known: { type: 'string' } },
      additionalProperties: { type: 'string' },
    });
    expect(converted.additionalProperties).toEqual({ type: 'string' });
    expect(compile(converted)({ known: 'a', other: 'b' })).toBe(true);
  });

  it('does not close x-kubernetes-preserve-unknown-fields objects', () => {
    const converted = convertOpenApiV3Schema({
      type: 'object',
      properties: {
        values: {
          type: 'object',
          'x-kubernetes-preserve-unknown-fields': true,
          properties: { replicas: { type: 'integer' } },
        },
      },
    });
    const values = (converted.properties as Record<string, object>).values;
    expect(values).toEqual({
      type: 'object',
      properties: { replicas: { type: 'integer' } },
    });
    const validate = compile(converted);
    expect(validate({ values: { replicas: 2, anything: { deep: [1] } } })).toBe(
      true,
    );
    expect(validate({ values: { replicas: 'two' } })).toBe(false);
  });

  it('does not add strictness inside anyOf/allOf/oneOf/not', () => {
    const converted = convertOpenApiV3Schema({
      type: 'object',
      properties: { a: { type: 'string' }, b: { type: 'string' } },
      anyOf: [{ properties: { a: { pattern: '^x' } } }, { required: ['b'] }],
      not: { properties: { a: { const: 'xx' } } },
    });
    expect((converted.anyOf as object[])[0]).toEqual({
      properties: { a: { pattern: '^x' } },
    });
    const validate = compile(converted);
    expect(validate({ a: 'xy', b: 'z' })).toBe(true);
    expect(validate({ a: 'xx' })).toBe(false);
  });

  it('adds null to the type of nullable fields', () => {
    const converted = convertOpenApiV3Schema({
      type: 'object',
      properties: {
        data: {
          type: 'object',
          nullable: true,
          additionalProperties: { type: 'string' },
        },
        mode: { type: 'string', enum: ['a', 'b'], nullable: true },
      },
    });
    const props = converted.properties as Record<
      string,
      Record<string, unknown>
    >;
    expect(props.data.type).toEqual(['object', 'null']);
    expect(props.mode.enum).toEqual(['a', 'b', null]);
    expect(props.data).not.toHaveProperty('nullable');
    const validate = compile(converted);
    expect(validate({ data: null, mode: null })).toBe(true);
    expect(validate({ mode: 'c' })).toBe(false);
  });

  it('removes x-kubernetes-* and documentation keywords, maps list-type set to uniqueItems', () => {
    const converted = convertOpenApiV3Schema({
      type: 'object',
      description: 'doc',
      'x-kubernetes-map-type': 'atomic',
      properties: {
        tags: {
          type: 'array',
          items: { type: 'string' },
          'x-kubernetes-list-type': 'set',
        },
        ports: {
          type: 'array',
          items: { type: 'object', properties: { name: { type: 'string' } } },
          'x-kubernetes-list-type': 'map',
          'x-kubernetes-list-map-keys': ['name'],
        },
      },
    });
    expect(JSON.stringify(converted)).not.toMatch(/x-kubernetes|description/);
    const props = converted.properties as Record<
      string,
      Record<string, unknown>
    >;
    expect(props.tags.uniqueItems).toBe(true);
    expect(props.ports).not.toHaveProperty('uniqueItems');
    expect(compile(converted)({ tags: ['a', 'a'] })).toBe(false);
  });

  it('keeps only formats that ajv-formats checks the Kubernetes way', () => {
    const converted = convertOpenApiV3Schema({
      type: 'object',
      properties: {
        count: { type: 'integer', format: 'int32' },
        when: { type: 'string', format: 'date-time' },
        blob: { type: 'string', format: 'byte' },
        link: { type: 'string', format: 'uri' },
        wait: { type: 'string', format: 'duration' },
      },
    });
    const props = converted.properties as Record<
      string,
      Record<string, unknown>
    >;
    expect(props.count.format).toBe('int32');
    expect(props.when.format).toBe('date-time');
    expect(props.blob.format).toBe('byte');
    expect(props.link).not.toHaveProperty('format');
    expect(props.wait).not.toHaveProperty('format');
  });

  it('treats a property named like a keyword as a property', () => {
    const converted = convertOpenApiV3Schema({
      type: 'object',
      properties: {
        type: { type: 'string', description: 'the type' },
        nullable: { type: 'boolean' },
      },
    });
    expect(converted.properties).toEqual({
      type: { type: 'string' },
      nullable: { type: 'boolean' },
    });
  });

  it('does not modify its input', () => {
    const input = {
      type: 'object',
      properties: { a: { type: 'string', nullable: true } },
    };
    const copy = JSON.parse(JSON.stringify(input));
    convertOpenApiV3Schema(input);
    expect(input).toEqual(copy);
  });
});

describe('crdToJsonSchema', () => {
  const crd = {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'widgets.example.com' },
    spec: {
      group: 'example.com',
      names: { kind: 'Widget' },
      versions: [
        {
          name: 'v1alpha1',
          served: false,
          storage: false,
          schema: { openAPIV3Schema: { type: 'object' } },
        },
        {
          name: 'v1',
          served: true,
          storage: true,
          schema: {
            openAPIV3Schema: {
              type: 'object',
              properties: {
                spec: {
                  type: 'object',
                  properties: { size: { type: 'integer' } },
                },
              },
            },
          },
        },
      ],
    },
  };

  it('converts the schema of a served version', () => {
    const schema = crdToJsonSchema(crd, 'v1');
    expect(compile(schema)({ spec: { size: 1 } })).toBe(true);
    expect(compile(schema)({ spec: { sise: 1 } })).toBe(false);
  });

  it('refuses unknown and unserved versions', () => {
    expect(() => crdToJsonSchema(crd, 'v2')).toThrow(
      'widgets.example.com has no version v2',
    );
    expect(() => crdToJsonSchema(crd, 'v1alpha1')).toThrow(
      'widgets.example.com does not serve version v1alpha1',
    );
    expect(() => crdToJsonSchema({ kind: 'ConfigMap' }, 'v1')).toThrow(
      'not a CustomResourceDefinition',
    );
  });

  it('reads group, kind and served versions', () => {
    expect(crdInfo(crd)).toEqual({
      group: 'example.com',
      kind: 'Widget',
      servedVersions: ['v1'],
    });
  });
});

describe('swaggerDefinitionsToJsonSchema', () => {
  const swagger = {
    swagger: '2.0',
    definitions: {
      'v1.Thing': {
        type: 'object',
        required: ['spec'],
        properties: {
          metadata: { default: {}, $ref: '#/definitions/meta.ObjectMeta' },
          spec: { $ref: '#/definitions/v1.ThingSpec' },
        },
      },
      'v1.ThingSpec': {
        type: 'object',
        properties: {
          port: { $ref: '#/definitions/intstr.IntOrString' },
          maybe: { type: 'object', nullable: true },
        },
      },
      'meta.ObjectMeta': {
        type: 'object',
        properties: {
          name: { type: 'string' },
          labels: {
            type: 'object',
            additionalProperties: { type: 'string', default: '' },
          },
        },
      },
      'intstr.IntOrString': { type: 'string', format: 'int-or-string' },
      'v1.Empty': { type: 'object' },
    },
  };

  it('keeps #/definitions references inside one document', () => {
    const doc = swaggerDefinitionsToJsonSchema(swagger, {
      id: 'https://example.test/s.json',
    });
    expect(doc.$id).toBe('https://example.test/s.json');
    const ajv = new Ajv({ allErrors: true, strict: false });
    ajv.addSchema(doc);
    const validate = ajv.compile({
      $ref: 'https://example.test/s.json#/definitions/v1.Thing',
    });
    expect(
      validate({
        spec: { port: 80 },
        metadata: { name: 'a', labels: { x: 'y' } },
      }),
    ).toBe(true);
    expect(validate({ spec: { port: 'http', maybe: null } })).toBe(true);
    expect(validate({ spec: { port: false } })).toBe(false);
    expect(validate({ spec: { prot: 80 } })).toBe(false);
    expect(validate({ metadata: { lables: {} }, spec: {} })).toBe(false);
    expect(validate({})).toBe(false);
  });

  it('applies strictness to definitions with properties only, never to maps', () => {
    const defs = swaggerDefinitionsToJsonSchema(swagger).definitions as Record<
      string,
      Record<string, unknown>
    >;
    expect(defs['v1.ThingSpec'].additionalProperties).toBe(false);
    expect(defs['meta.ObjectMeta'].additionalProperties).toBe(false);
    const labels = (
      defs['meta.ObjectMeta'].properties as Record<
        string,
        Record<string, unknown>
      >
    ).labels;
    expect(labels.additionalProperties).toEqual({
      type: 'string',
      default: '',
    });
    expect(defs['v1.Empty']).toEqual({ type: 'object' });
    expect(defs['intstr.IntOrString']).toEqual({
      anyOf: [{ type: 'integer' }, { type: 'string' }],
    });
  });
});

describe('dropNulls', () => {
  it('removes null-valued keys at any depth but keeps null array items', () => {
    const input = {
      a: null,
      b: { c: null, d: 1, e: [null, { f: null, g: 'x' }] },
    };
    expect(dropNulls(input)).toEqual({ b: { d: 1, e: [null, { g: 'x' }] } });
    expect(input.a).toBeNull(); // the input is not modified
  });

  it('passes scalars through', () => {
    expect(dropNulls(5)).toBe(5);
    expect(dropNulls(null)).toBeNull();
  });
});
