// Fastify compiles every route's JSON schemas (Ajv validators, fast-json-stringify serializers)
// while the server starts: about a fifth of the time before a restarted server can answer. These
// compilers, Fastify's own, compile each schema on the first request that needs it instead
// (README "Restart and memory"). Validation and serialization are unchanged: the same compilers,
// the same options, only later.
// The built server does not compile at all: its build generates each route part's validator and
// serializer as JavaScript (the compilers' standalone code, in server/dist/schemas), and a route's
// first request loads its file instead: loading Ajv and fast-json-stringify to compile the first
// request's schemas cost ~4 MiB and ~70 ms. A part without a file (tests run the sources, where
// there is none) compiles as above. The compilers' own read mode is not used: loading their
// standalone modules loads Ajv and fast-json-stringify.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { FastifyServerOptions } from 'fastify';

type CompilersFactory = NonNullable<NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']>;

type Validate = ((data: unknown, context?: unknown) => unknown) & { errors?: unknown; schemaEnv?: unknown };
type Serialize = (data: unknown) => string;
/** What Fastify gives a compiler: a validator's route part is `httpPart`, a serializer's `httpStatus` (and `contentType`). */
type RouteSchema = { schema: unknown; method: string; url: string; httpPart?: string; httpStatus?: string; contentType?: string };
type BuildValidator = (externalSchemas: unknown, options: unknown) => (route: RouteSchema) => Validate;
type BuildSerializer = (externalSchemas: unknown, options: unknown) => (route: RouteSchema) => Serialize;
type Standalone<Build> = (options: { readMode: false; storeFunction: (route: RouteSchema, code: string) => void }) => Build;

/** Where a built server keeps its generated schema code, and whether this run writes it. */
export interface SchemaCode {
  folder: string;
  /** Generate every route part's code as Fastify sets the routes up (the build's run), instead of loading it. */
  write?: boolean;
}

// Fastify's compilers, resolved from Fastify itself: the very ones it would use.
const fromFastify = createRequire(createRequire(import.meta.url).resolve('fastify'));
const requireFile = createRequire(import.meta.url);

/**
 * The file of a route part's generated code: readable, and named by a digest of everything the
 * code was generated from, so that a schema that changed (or a route the build never saw) finds
 * no file rather than another schema's code.
 */
function codeFileName(route: RouteSchema, externalSchemas: unknown): string {
  const part = route.httpPart ?? [route.httpStatus, route.contentType].filter(Boolean).join(' ');
  const from = JSON.stringify([route.method, route.url, part, route.schema, externalSchemas]);
  const digest = createHash('sha256').update(from).digest('hex').slice(0, 16);
  return `${`${route.method} ${route.url} ${part}`.replace(/[^\w-]+/g, '_')}.${digest}.cjs`;
}

/** The generated code of a route part, if there is any. */
function restore<Code>(code: SchemaCode | undefined, route: RouteSchema, externalSchemas: unknown): Code | null {
  if (!code) return null;
  const file = path.join(code.folder, codeFileName(route, externalSchemas));
  return fs.existsSync(file) ? (requireFile(file) as Code) : null;
}

/** Compiles a route's validator on its first call; Fastify reads `errors` off the function it called. */
function lazyValidator(compile: () => Validate): Validate {
  let validate: Validate | null = null;
  const lazy: Validate = (data, context) => {
    validate ??= compile();
    const result = validate(data, context);
    lazy.errors = validate.errors;
    return result;
  };
  // Fastify passes the parent object along only to a function that says it is Ajv's (for coercion at
  // the root). Generated code, which has no `schemaEnv`, takes it as Ajv's compiled function does.
  lazy.schemaEnv = true;
  return lazy;
}

function lazySerializer(compile: () => Serialize): Serialize {
  let serialize: Serialize | null = null;
  return (data) => {
    serialize ??= compile();
    return serialize(data);
  };
}

/**
 * The build's run: Fastify's compilers in their standalone mode generate each route part's code as
 * the route is set up, into the file a running server looks for, and the route runs that file, so
 * that the build finds out if it does not load.
 */
function writingCompilers(code: SchemaCode): CompilersFactory {
  fs.mkdirSync(code.folder, { recursive: true });
  // The compilers hand each route's code to storeFunction while they compile it.
  let generated: string | null = null;
  const store = {
    readMode: false as const,
    storeFunction: (_route: RouteSchema, source: string) => {
      generated = source;
    },
  };
  const write = <Made>(compile: (route: RouteSchema) => unknown, route: RouteSchema, externalSchemas: unknown): Made => {
    // Named before the compiler has seen the schema, as a running server names it.
    const file = path.join(code.folder, codeFileName(route, externalSchemas));
    generated = null;
    compile(route);
    // A compiler that handed nothing would otherwise leave the last route's code under this name.
    if (generated === null) throw new Error(`no code was generated for ${route.method} ${route.url}`);
    fs.writeFileSync(file, generated);
    return requireFile(file) as Made;
  };
  const factory: { buildValidator: BuildValidator; buildSerializer: BuildSerializer } = {
    buildValidator(externalSchemas, options) {
      const standalone = fromFastify('@fastify/ajv-compiler/standalone') as Standalone<BuildValidator>;
      const compile = standalone(store)(externalSchemas, options);
      return (route) => {
        const validate = write<Validate>(compile, route, externalSchemas);
        return lazyValidator(() => validate);
      };
    },
    buildSerializer(externalSchemas, options) {
      const { StandaloneSerializer } = fromFastify('@fastify/fast-json-stringify-compiler/standalone') as {
        StandaloneSerializer: Standalone<BuildSerializer>;
      };
      // The validators a response schema's anyOf, oneOf or if needs, generated into the same file:
      // without this option the file would load Ajv and compile them when it loads.
      const compile = StandaloneSerializer(store)(externalSchemas, { ...(options as object), inlineValidators: true });
      return (route) => write<Serialize>(compile, route, externalSchemas);
    },
  };
  return factory as unknown as CompilersFactory;
}

/**
 * Compilers that restore each route part's generated code from `code.folder` on its first call,
 * or compile it then when there is none (or no folder is given); with `code.write`, the build's
 * run that generates the code.
 */
export function lazySchemaCompilers(code?: SchemaCode): CompilersFactory {
  if (code?.write) return writingCompilers(code);
  let validators: BuildValidator | null = null;
  let serializers: BuildSerializer | null = null;
  const factory: { buildValidator: BuildValidator; buildSerializer: BuildSerializer } = {
    buildValidator(externalSchemas, options) {
      let compiler: ((route: RouteSchema) => Validate) | null = null;
      return (route) =>
        lazyValidator(() => {
          const generated = restore<Validate>(code, route, externalSchemas);
          if (generated) return generated;
          validators ??= (fromFastify('@fastify/ajv-compiler') as () => BuildValidator)();
          compiler ??= validators(externalSchemas, options);
          return compiler(route);
        });
    },
    buildSerializer(externalSchemas, options) {
      let compiler: ((route: RouteSchema) => Serialize) | null = null;
      return (route) =>
        lazySerializer(() => {
          const generated = restore<Serialize>(code, route, externalSchemas);
          if (generated) return generated;
          serializers ??= (fromFastify('@fastify/fast-json-stringify-compiler') as () => BuildSerializer)();
          compiler ??= serializers(externalSchemas, options);
          return compiler(route);
        });
    },
  };
  // Fastify's types name its own compilers' shapes, which these wrap without naming.
  return factory as unknown as CompilersFactory;
}
