import { AdaptTargetsShape, ContentTargetsShape, SetContentTargetsShape } from '@mt/messages';
import { zodDto } from '../http/zod-dto';

/** Compose once (ADR 186, 194): the targets routes' bodies and answers, the shapes of libs/messages (ADR 182, ADR 197). */

/** PUT /content/{id}/targets: the whole set, in order; each target's left-out fields follow the post. */
export class SetContentTargetsDto extends zodDto(SetContentTargetsShape) {}

export class ContentTargetsDto extends zodDto(ContentTargetsShape) {}

/** `POST /content/{id}/targets/adapt` (ADR 194): which targets get an adapted text; none named, all of them. */
export class AdaptTargetsDto extends zodDto(AdaptTargetsShape) {}
