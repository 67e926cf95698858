import { Controller, Get, Header, Param, Redirect } from '@nestjs/common';
import { ApiFoundResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { MeshClient, PUBLISHING_TASKS } from '@mt/messages';
import { Public } from '../http/current-user';
import { Caller } from '../http/caller';

/**
 * Short links of published posts, `/l/{code}` outside /api/v1 (ADR 152): public, the code is the
 * credential. 302 to the full URL with its UTM parameters; publishing-agent counts the click.
 * Never cached, so each visit reaches the counter.
 */
@ApiTags('links')
@Public()
@Controller('l')
export class ShortLinksController {
  constructor(private readonly mesh: MeshClient) {}

  @ApiOperation({ summary: 'Follow a short link of a published post (counts the click)' })
  @Get(':code')
  @Redirect()
  @Header('Cache-Control', 'no-store')
  @Header('Referrer-Policy', 'no-referrer-when-downgrade')
  @ApiFoundResponse({ description: 'Location: the full URL' })
  async follow(@Caller() caller: Caller, @Param('code') code: string): Promise<{ url: string; statusCode: number }> {
    const { url } = await this.mesh.request(PUBLISHING_TASKS.followLink, { code }, caller);
    return { url, statusCode: 302 };
  }
}
