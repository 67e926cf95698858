import { Inject, Injectable } from '@nestjs/common';
import { isPlatformId, PLATFORM_IDS, PLATFORMS, type PlatformId } from '@mt/ai';
import { MeshError, type PlatformInfo, type PlatformMediaInfo } from '@mt/messages';
import { MEDIA_CHANNELS } from './media-channels';
import { CHANNEL_PROVIDERS, type ChannelProvider } from './channel-provider';

/** The catalogue: every provider keyed by platform id, in the order of PLATFORM_IDS. */
@Injectable()
export class ChannelRegistry {
  private readonly byId = new Map<string, ChannelProvider>();

  constructor(@Inject(CHANNEL_PROVIDERS) providers: ChannelProvider[]) {
    for (const p of providers) this.byId.set(p.platform, p);
  }

  /** The provider of a platform; an unknown platform is the caller's mistake (400). */
  get(platform: string): ChannelProvider {
    const p = isPlatformId(platform) ? this.byId.get(platform) : undefined;
    if (!p) {
      throw new MeshError('VALIDATION_FAILED', `Unknown platform ${JSON.stringify(platform)}; see GET /platforms`, {
        status: 400,
        details: { errors: [{ field: 'platform', message: `must be one of ${[...this.byId.keys()].join(', ')}` }] },
      });
    }
    return p;
  }

  list(): PlatformInfo[] {
    return PLATFORM_IDS.filter((id) => this.byId.has(id)).map((id) => {
      const p = this.byId.get(id) as ChannelProvider;
      const l = p.limits();
      return {
        id,
        label: l.label,
        authKind: p.authKind,
        configured: p.configured(),
        limits: { maxLength: l.maxLength, lengthUnit: l.lengthUnit, hashtags: { ...l.hashtags }, links: l.links, longForm: l.longForm },
        credentialFields: [...p.credentialFields],
        configFields: [...p.configFields],
        media: mediaInfo(id),
      };
    });
  }
}

/** The catalogue's media limits of a platform, as far as this app's channel for it uploads them. */
export function mediaInfo(id: PlatformId): PlatformMediaInfo {
  const rules = PLATFORMS[id].media;
  const uploads = MEDIA_CHANNELS[id] ?? [];
  return { ...rules, image: uploads.includes('image') ? rules.image : null, video: uploads.includes('video') ? rules.video : null };
}
