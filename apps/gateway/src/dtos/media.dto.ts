import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsNumber, IsOptional, IsString, IsUUID, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { PageQueryDto } from './pagination.dto';

export class FocusDto {
  @ApiProperty({ minimum: -1, maximum: 1, description: 'left (-1) to right (1)' })
  @IsNumber()
  @Min(-1)
  @Max(1)
  x!: number;

  @ApiProperty({ minimum: -1, maximum: 1, description: 'bottom (-1) to top (1), as Mastodon counts' })
  @IsNumber()
  @Min(-1)
  @Max(1)
  y!: number;
}

/** The form fields of an upload beside `file` (multipart/form-data). */
export class UploadMediaDto {
  @ApiProperty({ type: 'string', format: 'binary', description: 'the image or video; its type is read from its bytes' })
  file!: unknown;

  @ApiPropertyOptional({ maxLength: 5000, description: 'what the image shows, for people who cannot see it' })
  altText?: string;

  @ApiPropertyOptional({ description: 'focal point "x,y", each -1..1 (Mastodon crops previews around it)', example: '0.0,0.5' })
  focus?: string;
}

export class UploadBrandMediaDto extends UploadMediaDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'the brand whose library keeps the file (or ?brandId= in the query)' })
  brandId?: string;
}

export class UpdateMediaDto {
  @ApiPropertyOptional({ maxLength: 5000, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  altText?: string | null;

  @ApiPropertyOptional({ type: FocusDto, nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => FocusDto)
  focus?: FocusDto | null;
}

export class ListMediaQuery extends PageQueryDto {
  @ApiPropertyOptional({ enum: ['image', 'video'] })
  @IsOptional()
  @IsIn(['image', 'video'])
  type?: 'image' | 'video';
}

/** `GET /media?brandId=` (the HTTP contract's form): the same list as `GET /brands/{id}/media`. */
export class ListBrandMediaQuery extends ListMediaQuery {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  brandId!: string;
}

export class AttachMediaDto {
  @ApiProperty({ type: [String], format: 'uuid', maxItems: 20, description: 'the media the post carries, in order; [] takes them off' })
  @IsArray()
  @ArrayMaxSize(20)
  @IsUUID('all', { each: true })
  mediaIds!: string[];
}

export class MediaDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) brandId!: string;
  @ApiProperty({ enum: ['image', 'video'] }) type!: string;
  @ApiProperty({ example: 'image/png', description: 'detected from the bytes' }) mimeType!: string;
  @ApiProperty() fileName!: string;
  @ApiProperty() bytes!: number;
  @ApiProperty({ nullable: true, type: Number }) width!: number | null;
  @ApiProperty({ nullable: true, type: Number }) height!: number | null;
  @ApiProperty({ nullable: true, type: Number }) durationS!: number | null;
  @ApiProperty({ nullable: true, type: String }) codec!: string | null;
  @ApiProperty({ nullable: true, type: String }) altText!: string | null;
  @ApiProperty({ nullable: true, type: FocusDto }) focus!: FocusDto | null;
  @ApiProperty({ example: '/api/v1/media/{id}/file' }) url!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}
