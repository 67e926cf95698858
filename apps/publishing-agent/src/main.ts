import './telemetry';
import 'reflect-metadata';
import { runAgentProcess } from '@mt/runtime';
import { PublishingAgentModule } from './publishing-agent.module';

void runAgentProcess('publishing-agent', (runtime) => PublishingAgentModule.register(runtime), process.env);
