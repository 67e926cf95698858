import './telemetry';
import 'reflect-metadata';
import { runAgentProcess } from '@mt/runtime';
import { StrategyAgentModule } from './strategy-agent.module';

void runAgentProcess('strategy-agent', (runtime) => StrategyAgentModule.register(runtime), process.env);
