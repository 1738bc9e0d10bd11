// Fastify compiles every route's JSON schemas (Ajv validators, fast-json-stringify serializers)
// while the server starts: about a fifth of the time before a restarted server can answer. These
// compilers, Fastify's own, compile each schema on the first request that needs it instead
// (README "Restart and memory"). Validation and serialization are unchanged: the same compilers,
// the same options, only later.
import { createRequire } from 'node:module';
import type { FastifyServerOptions } from 'fastify';

type CompilersFactory = NonNullable<NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']>;

type Validate = ((data: unknown, context?: unknown) => unknown) & { errors?: unknown; schemaEnv?: unknown };
type RouteSchema = { schema: unknown; method: string; url: string; httpPart?: string };
type BuildValidator = (externalSchemas: unknown, options: unknown) => (route: RouteSchema) => Validate;
type BuildSerializer = (externalSchemas: unknown, options: unknown) => (route: RouteSchema) => (data: unknown) => string;

// Fastify's compilers, resolved from Fastify itself: the very ones it would use.
const fromFastify = createRequire(createRequire(import.meta.url).resolve('fastify'));

/** Compiles a route's validator on its first call; Fastify reads `errors` off the function it called. */
function lazyValidator(compile: () => Validate): Validate {
  let validate: Validate | null = null;
  const lazy: Validate = (data, context) => {
    validate ??= compile();
    const result = validate(data, context);
    lazy.errors = validate.errors;
    return result;
  };
  // Fastify passes the parent object along only to a function that says it is Ajv's (for coercion at the root).
  lazy.schemaEnv = true;
  return lazy;
}

export function lazySchemaCompilers(): CompilersFactory {
  let validators: BuildValidator | null = null;
  let serializers: BuildSerializer | null = null;
  const factory: { buildValidator: BuildValidator; buildSerializer: BuildSerializer } = {
    buildValidator(externalSchemas, options) {
      let compiler: ((route: RouteSchema) => Validate) | null = null;
      return (route) =>
        lazyValidator(() => {
          validators ??= (fromFastify('@fastify/ajv-compiler') as () => BuildValidator)();
          compiler ??= validators(externalSchemas, options);
          return compiler(route);
        });
    },
    buildSerializer(externalSchemas, options) {
      let compiler: ((route: RouteSchema) => (data: unknown) => string) | null = null;
      return (route) => {
        let serialize: ((data: unknown) => string) | null = null;
        return (data) => {
          if (!serialize) {
            serializers ??= (fromFastify('@fastify/fast-json-stringify-compiler') as () => BuildSerializer)();
            compiler ??= serializers(externalSchemas, options);
            serialize = compiler(route);
          }
          return serialize(data);
        };
      };
    },
  };
  // Fastify's types name its own compilers' shapes, which these wrap without naming.
  return factory as unknown as CompilersFactory;
}
