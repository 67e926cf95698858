import './telemetry';
import 'reflect-metadata';
import { runAgentProcess } from '@mt/runtime';
import { CreationAgentModule } from './creation-agent.module';

void runAgentProcess('creation-agent', (runtime) => CreationAgentModule.register(runtime), process.env);
