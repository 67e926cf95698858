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
import type { Request, Response } from 'express';
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
import { actorOf, traceOf, uuidParam } from '../http/actor';

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
  async create(@Req() req: Request, @Body() dto: CreateBrandDto, @Res({ passthrough: true }) res: Response): Promise<Brand> {
    const payload: CreateBrandPayload = { actor: actorOf(req), brand: dto, ownerEmail: req.user?.email };
    const brand = await this.mesh.request<Brand>(BRAND_TASKS.create, payload, { parent: traceOf(req) });
    res.setHeader('Location', brandPath(brand.id));
    return brand;
  }

  @Get()
  @ApiOperation({ summary: "The caller's brands, newest first" })
  @ApiOkResponse({ type: BrandPageDto })
  list(@Req() req: Request, @Query() q: PageQueryDto): Promise<BrandPage> {
    const payload: ListBrandsPayload = { actor: actorOf(req), page: toPageQuery(q) };
    return this.mesh.request(BRAND_TASKS.list, payload, { parent: traceOf(req) });
  }

  @Get(':id')
  @ApiOkResponse({ type: BrandDto })
  @ApiNotFoundResponse({ description: NOT_YOURS })
  get(@Req() req: Request, @Param('id', uuidParam()) id: string): Promise<Brand> {
    const payload: GetBrandPayload = { actor: actorOf(req), brandId: id };
    return this.mesh.request(BRAND_TASKS.get, payload, { parent: traceOf(req) });
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change some fields (editor or owner); null clears an optional text field' })
  @ApiOkResponse({ type: BrandDto })
  @ApiForbiddenResponse({ description: 'Viewers cannot edit' })
  @ApiNotFoundResponse({ description: NOT_YOURS })
  update(@Req() req: Request, @Param('id', uuidParam()) id: string, @Body() changes: UpdateBrandDto): Promise<Brand> {
    const payload: UpdateBrandPayload = { actor: actorOf(req), brandId: id, changes };
    return this.mesh.request(BRAND_TASKS.update, payload, { parent: traceOf(req) });
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete the brand (owner); it disappears for every member' })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiForbiddenResponse({ description: 'Only owners delete a brand' })
  @ApiNotFoundResponse({ description: NOT_YOURS })
  async remove(@Req() req: Request, @Param('id', uuidParam()) id: string): Promise<void> {
    const payload: DeleteBrandPayload = { actor: actorOf(req), brandId: id };
    await this.mesh.request(BRAND_TASKS.delete, payload, { parent: traceOf(req) });
  }
}
