import { ApiProperty } from '@nestjs/swagger';
import { JobAcceptedShape, JobListQueryShape, JobViewShape } from '@mt/messages';
import { zodDto } from '../http/zod-dto';

/** The job routes' query and answers: the shapes of libs/messages (ADR 182, 195). */

/** GET /jobs query: the list convention plus a status filter. */
export class JobListQueryDto extends zodDto(JobListQueryShape) {}

/** GET /jobs/{id}. */
export class JobViewDto extends zodDto(JobViewShape) {}

export class JobPageDto {
  @ApiProperty({ type: [JobViewDto] }) items!: JobViewDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

/** The 202 answer of every route that starts a job (with `Location: /api/v1/jobs/{id}`). */
export class JobAcceptedDto extends zodDto(JobAcceptedShape) {}
