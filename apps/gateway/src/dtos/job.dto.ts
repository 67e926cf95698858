import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { JOB_STATUSES, type JobStatus } from '@mt/messages';
import { PageQueryDto } from './pagination.dto';

/** GET /jobs query: the list convention plus a status filter. */
export class JobListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: JOB_STATUSES })
  @IsOptional()
  @IsIn(JOB_STATUSES)
  status?: JobStatus;
}

export class JobProgressDto {
  @ApiProperty() done!: number;
  @ApiProperty() total!: number;
}

export class JobProblemDto {
  @ApiProperty({ example: 'AI_TIMEOUT' }) code!: string;
  @ApiProperty() title!: string;
  @ApiProperty() detail!: string;
  @ApiProperty() status!: number;
}

export class JobLinksDto {
  @ApiProperty({ example: '/api/v1/jobs/6f1c…' }) self!: string;
  @ApiProperty({ example: '/api/v1/jobs/6f1c…/events' }) events!: string;
}

/** GET /jobs/{id}. */
export class JobViewDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'brand.strategy' }) kind!: string;
  @ApiProperty({ enum: JOB_STATUSES }) status!: JobStatus;
  @ApiProperty({ type: JobProgressDto }) progress!: JobProgressDto;
  @ApiPropertyOptional({ description: 'Present once the job succeeded; its shape depends on the kind.' }) result?: unknown;
  @ApiPropertyOptional({ type: JobProblemDto }) error?: JobProblemDto;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) brandId!: string | null;
  @ApiProperty({ description: '1, plus one per retry' }) attempts!: number;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
  @ApiProperty({ type: JobLinksDto }) links!: JobLinksDto;
}

export class JobPageDto {
  @ApiProperty({ type: [JobViewDto] }) items!: JobViewDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class JobAcceptedLinksDto {
  @ApiProperty({ example: '/api/v1/jobs/6f1c…' }) self!: string;
}

/** The 202 answer of every route that starts a job (with `Location: /api/v1/jobs/{id}`). */
export class JobAcceptedDto {
  @ApiProperty({ format: 'uuid' }) jobId!: string;
  @ApiProperty({ enum: JOB_STATUSES }) status!: JobStatus;
  @ApiProperty() kind!: string;
  @ApiProperty({ type: JobAcceptedLinksDto }) links!: JobAcceptedLinksDto;
}
