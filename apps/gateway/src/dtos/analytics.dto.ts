import { AnalyticsOverviewQueryShape, AnalyticsOverviewShape, ContentAnalyticsShape, SimulateAnalyticsShape } from '@mt/messages';
import { zodDto } from '../http/zod-dto';

/** The analytics routes' query, body and answers: the shapes of libs/messages (ADR 182, 195). */

export { MAX_SIMULATED_DAYS } from '@mt/messages';

export class AnalyticsOverviewQuery extends zodDto(AnalyticsOverviewQueryShape) {}

export class SimulateAnalyticsDto extends zodDto(SimulateAnalyticsShape) {}

export class AnalyticsOverviewDto extends zodDto(AnalyticsOverviewShape) {}

export class ContentAnalyticsDto extends zodDto(ContentAnalyticsShape) {}
