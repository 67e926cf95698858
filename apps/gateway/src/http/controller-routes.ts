import { type INestApplication, RequestMethod, type Type } from '@nestjs/common';
import { METHOD_METADATA } from '@nestjs/common/constants';
import { MetadataScanner, ModulesContainer } from '@nestjs/core';

export interface ControllerRoute {
  controller: Type<unknown>;
  /** The controller's method (its prototype's function), where the route's metadata lives. */
  handler: (...args: unknown[]) => unknown;
  method: RequestMethod;
}

/**
 * Every route method of every controller of an app, as declared: read before the routes are
 * registered (before `init`), to add metadata Nest then passes on to the router (ADR 219).
 */
export function* controllerRoutes(app: INestApplication): Generator<ControllerRoute> {
  const scanner = new MetadataScanner();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as Type<unknown> | undefined;
      if (!controller?.prototype) continue;
      for (const name of scanner.getAllMethodNames(controller.prototype)) {
        const handler = (controller.prototype as Record<string, unknown>)[name];
        if (typeof handler !== 'function') continue;
        const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
        if (method !== undefined) yield { controller, handler: handler as ControllerRoute['handler'], method };
      }
    }
  }
}
