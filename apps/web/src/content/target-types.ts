import type { z } from 'zod';
import type { AdaptTargetsShape, ContentTargetInputShape, ContentTargetsShape } from '@mt/contracts/shapes/content.shapes';

/** Compose once (ADR 186/194): what the web app sends and reads for a post's targets, from the gateway's shapes (ADR 197). */
export type TargetInput = z.input<typeof ContentTargetInputShape>;
export type TargetSet = z.infer<typeof ContentTargetsShape>;

/** `POST /content/{id}/targets/adapt`: which targets get an AI-adapted text (none named: all). */
export type AdaptTargetsRequest = NonNullable<z.input<typeof AdaptTargetsShape>>;
