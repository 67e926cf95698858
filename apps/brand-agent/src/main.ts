import './telemetry';
import 'reflect-metadata';
import { runAgentProcess } from '@mt/runtime';
import { BrandAgentModule } from './brand-agent.module';

void runAgentProcess('brand-agent', (runtime) => BrandAgentModule.register(runtime), process.env);
