import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Req, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Request, Response } from '../http/fastify-request';
import {
  type Brand,
  type BrandPage,
  BRAND_TASKS,
  type CreateBrandPayload,
  type DeleteBrandPayload,
  type GetBrandPayload,
  type ListBrandsPayload,
  MeshClient,
  type UpdateBrandPayload,
} from '@mt/messages';
import { BrandDto, BrandPageDto, CreateBrandDto, UpdateBrandDto } from '../dtos/brand.dto';
import { PageQueryDto, toPageQuery } from '../dtos/pagination.dto';
import { uuidParam } from '../http/actor';
import { Caller } from '../http/caller';

export const brandPath = (id: string) => `/api/v1/brands/${id}`;

const NOT_YOURS = 'No such brand, or you have no role in it (its existence is not revealed)';

/** Brands (brand-agent): any member reads, editors edit, owners delete. Every check happens in brand-agent. */
@ApiTags('brands')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'Missing, invalid or expired access token' })
@ApiBadRequestResponse({ description: 'Invalid input: field errors in `errors` (unknown fields too); a path id that is not a UUID' })
@Controller('brands')
export class BrandsController {
  constructor(private readonly mesh: MeshClient) {}

  @Post()
  @ApiOperation({ summary: 'Create a brand; the caller becomes its owner' })
  @ApiCreatedResponse({ type: BrandDto, headers: { Location: { description: '/api/v1/brands/{id}', schema: { type: 'string' } } } })
  async create(@Req() req: Request, @Caller() caller: Caller, @Body() dto: CreateBrandDto, @Res({ passthrough: true }) res: Response): Promise<Brand> {
    const payload: CreateBrandPayload = { actor: caller.actor, brand: dto, ownerEmail: req.user?.email };
    const brand = await this.mesh.request(BRAND_TASKS.create, payload, caller);
    res.header('Location', brandPath(brand.id));
    return brand;
  }

  @Get()
  @ApiOperation({ summary: "The caller's brands, newest first" })
  @ApiOkResponse({ type: BrandPageDto })
  list(@Caller() caller: Caller, @Query() q: PageQueryDto): Promise<BrandPage> {
    const payload: ListBrandsPayload = { actor: caller.actor, page: toPageQuery(q) };
    return this.mesh.request(BRAND_TASKS.list, payload, caller);
  }

  @ApiOperation({ summary: 'A brand you are a member of' })
  @Get(':id')
  @ApiOkResponse({ type: BrandDto })
  @ApiNotFoundResponse({ description: NOT_YOURS })
  get(@Caller() caller: Caller, @Param('id', uuidParam()) id: string): Promise<Brand> {
    const payload: GetBrandPayload = { actor: caller.actor, brandId: id };
    return this.mesh.request(BRAND_TASKS.get, payload, caller);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change some fields (editor or owner); null clears an optional text field' })
  @ApiOkResponse({ type: BrandDto })
  @ApiForbiddenResponse({ description: 'Viewers cannot edit' })
  @ApiNotFoundResponse({ description: NOT_YOURS })
  update(@Caller() caller: Caller, @Param('id', uuidParam()) id: string, @Body() changes: UpdateBrandDto): Promise<Brand> {
    const payload: UpdateBrandPayload = { actor: caller.actor, brandId: id, changes };
    return this.mesh.request(BRAND_TASKS.update, payload, caller);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete the brand (owner); it disappears for every member' })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiForbiddenResponse({ description: 'Only owners delete a brand' })
  @ApiNotFoundResponse({ description: NOT_YOURS })
  async remove(@Caller() caller: Caller, @Param('id', uuidParam()) id: string): Promise<void> {
    const payload: DeleteBrandPayload = { actor: caller.actor, brandId: id };
    await this.mesh.request(BRAND_TASKS.delete, payload, caller);
  }
}
