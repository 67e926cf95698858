import { Inject, Injectable } from '@nestjs/common';
import { AiError, AiService, isPlatformId, PLATFORM_IDS, PLATFORMS } from '@mt/ai';
import { type AltTextSuggestion, MeshError, type SuggestAltTextInput } from '@mt/messages';
import { BlobStore, toJobProblem } from '@mt/runtime';
import { aiBrandContext, BrandAccessService, BrandProfileService } from '@mt/replicas';

/** The strictest alt-text limit of the catalogue: a draft for no named platform fits them all. */
const STRICTEST_ALT_TEXT = Math.min(...PLATFORM_IDS.flatMap((p) => (PLATFORMS[p].media.altText ? [PLATFORMS[p].media.altText.maxLength] : [])));

/** The limit a draft keeps within: the named platform's, else the strictest. */
export function altTextLimit(platform: string | undefined): number {
  const rules = platform && isPlatformId(platform) ? PLATFORMS[platform].media.altText : null;
  return rules?.maxLength ?? STRICTEST_ALT_TEXT;
}

/**
 * A draft alt text for one image (ADR 209), answered at once and never saved: the user edits it
 * and saves it through the media update route. The alt-text task refuses a draft over the limit,
 * one that opens with "image of" and one with a banned word (and retries).
 */
@Injectable()
export class AltTextSuggestionService {
  constructor(
    private readonly access: BrandAccessService,
    private readonly profiles: BrandProfileService,
    private readonly ai: AiService,
    @Inject(BlobStore) private readonly blobs: BlobStore,
  ) {}

  async suggest(input: SuggestAltTextInput): Promise<AltTextSuggestion> {
    await this.access.require(input.actor, input.brandId, 'editor');
    if (!input.image.mimeType.startsWith('image/')) {
      throw new MeshError('NOT_AN_IMAGE', 'Alt text describes an image; this medium is not one.', { status: 422, retryable: false });
    }
    const brand = aiBrandContext(await this.profiles.get(input.brandId));
    const imageDataUrl = await this.dataUrlFor(input);
    try {
      const { output, meta } = await this.ai.run(
        'alt-text',
        {
          brand,
          image: input.image,
          ...(input.text?.trim() ? { context: input.text } : {}),
          maxLength: altTextLimit(input.platform),
          ...(imageDataUrl ? { imageDataUrl } : {}),
        },
        { agent: 'creation-agent', brandId: input.brandId },
      );
      return { altText: output.altText, model: meta.model, source: meta.engine };
    } catch (err) {
      if (!(err instanceof AiError)) throw err;
      // Answered to a waiting user: an AI failure is their problem (402, 502, 503), not a crash.
      const problem = toJobProblem(err);
      throw new MeshError(problem.code, problem.detail, { status: problem.status, retryable: false });
    }
  }

  /** The bytes, only for a model that can look at them; without them the model gets the facts alone. */
  private async dataUrlFor(input: SuggestAltTextInput): Promise<string | undefined> {
    if (!this.ai.acceptsImages('alt-text')) return undefined;
    const bytes = await this.blobs.get(input.storageKey);
    return bytes ? `data:${input.image.mimeType};base64,${bytes.toString('base64')}` : undefined;
  }
}
