import './telemetry';
import 'reflect-metadata';
import { runAgentProcess } from '@mt/runtime';
import { AuthAgentModule } from './auth-agent.module';

void runAgentProcess('auth-agent', (runtime) => AuthAgentModule.register(runtime), process.env);
