const { Script } = require('node:vm');
const { default: Runtime } = require('jest-runtime');

/**
 * Jest's runtime, with each CommonJS module compiled once per worker instead of once per test file
 * (ADR 226). Jest compiles a module with `vm.compileFunction`, bound to the test file's context, so
 * every file of a worker parsed and compiled the same node_modules and app graph again. A `vm.Script`
 * belongs to no context: this keeps each module's script by file and runs it in the next file's
 * context when the transformed source is the same, and V8 reuses its compiled code, the inner
 * functions compiled while an earlier file ran included. An e2e file's modules took 748 ms to
 * compile the first time in a worker; running their kept scripts took 55–69 ms in the files after
 * it (each module's own top level still runs in every file).
 *
 * The wrapper declares Jest's own parameters (module, exports, require, __dirname, __filename,
 * jest, then `sandboxInjectedGlobals`, ADR 224) and keeps the module's first line on line 1, so stack
 * traces and source maps point where they did (only columns of line 1 move by the wrapper's length).
 * A source that does not compile goes through Jest's own path, which names the syntax error as Jest
 * users know it. `JEST_PLAIN_RUNTIME=1` runs Jest's runtime unchanged, for comparison.
 */

/** This worker's compiled modules by file, with the source and parameters each was compiled with. */
const compiled = new Map();
/** The test file running in this worker now: a module's `import()` resolves in its context. */
let current;

class CachedCompileRuntime extends Runtime {
  constructor(...args) {
    super(...args);
    const executor = this.executor;
    const compile = executor.compile.bind(executor);
    executor.compile = (scriptSource, filename) => {
      const vmContext = executor.environment.getVmContext();
      if (vmContext == null) return null;
      if (executor.resolution.isCoreModule(filename)) return compile(scriptSource, filename);
      current = { executor, vmContext };
      const params = executor.injectedModuleParameters.join(',');
      let entry = compiled.get(filename);
      if (entry?.source !== scriptSource || entry.params !== params) {
        let script;
        try {
          script = new Script(`({"Object.<anonymous>":function(${params}){${scriptSource}\n}});`, {
            filename,
            importModuleDynamically: (specifier, _script, importAttributes, ...rest) =>
              current.executor.dynamicImport(specifier, filename, current.vmContext, importAttributes, rest[0]),
          });
        } catch {
          // Jest's own path names a syntax error (and an ES module written as CommonJS) as Jest users know it.
          return compile(scriptSource, filename);
        }
        entry = { source: scriptSource, params, script };
        compiled.set(filename, entry);
      }
      return entry.script.runInContext(vmContext)['Object.<anonymous>'];
    };
  }
}

module.exports = CachedCompileRuntime;
