import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ALT_TEXT_MAX,
  AltTextSuggestionShape,
  AttachMediaShape,
  ListBrandMediaQueryShape,
  ListMediaQueryShape,
  MediaShape,
  SuggestAltTextShape,
  UpdateMediaShape,
} from '@mt/messages';
import { zodDto } from '../http/zod-dto';

/**
 * The media routes' bodies, queries and answers: the shapes of libs/messages (ADR 182, 195). An
 * upload is multipart/form-data, which the validation pipe does not see: its form fields are
 * documented here and parsed by the controller with `UploadMediaFieldsShape` (ADR 195, 210).
 */

/** The form fields of an upload beside `file` (multipart/form-data). */
export class UploadMediaDto {
  @ApiProperty({ type: 'string', format: 'binary', description: 'the image or video; its type is read from its bytes' })
  file!: unknown;

  @ApiPropertyOptional({ maxLength: ALT_TEXT_MAX, description: 'what the image shows, for people who cannot see it' })
  altText?: string;

  @ApiPropertyOptional({ description: 'focal point "x,y", each -1..1 (Mastodon crops previews around it)', example: '0.0,0.5' })
  focus?: string;
}

export class UploadBrandMediaDto extends UploadMediaDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'the brand whose library keeps the file (or ?brandId= in the query)' })
  brandId?: string;
}

export class UpdateMediaDto extends zodDto(UpdateMediaShape) {}

export class ListMediaQuery extends zodDto(ListMediaQueryShape) {}

/** `GET /media?brandId=` (the HTTP contract's form): the same list as `GET /brands/{id}/media`. */
export class ListBrandMediaQuery extends zodDto(ListBrandMediaQueryShape) {}

export class AttachMediaDto extends zodDto(AttachMediaShape) {}

export class MediaDto extends zodDto(MediaShape) {}

/** `POST /media/{id}/alt-text-suggestion` (ADR 209). */
export class SuggestAltTextDto extends zodDto(SuggestAltTextShape) {}

export class AltTextSuggestionDto extends zodDto(AltTextSuggestionShape) {}
