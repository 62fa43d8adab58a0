import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../platform/context.ts';
import { browseRoutes } from './browse-routes.tsx';
import { collectionRoutes } from './collection-routes.tsx';
import { editorRoutes } from './editor-routes.tsx';
import { skillRoutes } from './skill-routes.tsx';
import { uploadRoutes } from './upload-routes.tsx';

/**
 * The pages of the library, by resource: each file registers one resource's pages, and each
 * handler reads its input, calls one service function and renders (helpers in route-helpers.tsx).
 */
export async function pageRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  await browseRoutes(app, ctx);
  await editorRoutes(app, ctx);
  await uploadRoutes(app, ctx);
  await skillRoutes(app, ctx);
  await collectionRoutes(app, ctx);
}
