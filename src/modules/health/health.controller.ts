import { Controller, Get, Header, HttpCode, Inject, Res, UseGuards } from '@nestjs/common';
import {
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiForbiddenResponse,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { HttpReply as Response } from '../../shared/http/http-types';
import { DataSource } from 'typeorm';
import { Public } from '../../shared/auth/decorators';
import { AppMetrics } from '../../shared/http/metrics';
import { MetricsAccessGuard } from '../../shared/http/metrics-access.guard';
import { ProblemDto } from '../../shared/errors/problem';
import { READINESS_CHECKS, type ReadinessCheck } from '../../shared/http/readiness';
import { ApiProblems } from '../../shared/http/api-problems';

class HealthDto {
  @ApiProperty({ example: 'ok', enum: ['ok', 'fail'] }) status!: 'ok' | 'fail';
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' }, example: { database: 'ok' } })
  checks?: Record<string, string>;
}

@ApiTags('health')
@Controller()
export class HealthController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly metrics: AppMetrics,
    @Inject(READINESS_CHECKS) private readonly checks: ReadinessCheck[],
  ) {}

  @Get('health/live')
  @Public()
  @ApiOperation({ operationId: 'healthLive', summary: 'The process is up' })
  @ApiOkResponse({ type: HealthDto })
  live(): HealthDto {
    return { status: 'ok' };
  }

  @Get('health/ready')
  @Public()
  @ApiOperation({ operationId: 'healthReady', summary: 'Dependencies (database, storage) answer' })
  @ApiOkResponse({ type: HealthDto })
  @ApiServiceUnavailableResponse({ type: HealthDto, description: 'A dependency failed; `checks` says which' })
  async ready(@Res({ passthrough: true }) res: Response): Promise<HealthDto> {
    const results: Record<string, string> = {};
    const all: ReadinessCheck[] = [
      { name: 'database', check: async () => void (await this.dataSource.query('SELECT 1')) },
      ...this.checks,
    ];
    await Promise.all(
      all.map(async (c) => {
        try {
          results[c.name] = (await withTimeout(c.check(), 3000)) || 'ok';
        } catch {
          results[c.name] = 'fail';
        }
      }),
    );
    const ok = all.every((c) => c.informational || results[c.name] === 'ok');
    if (!ok) res.status(503);
    return { status: ok ? 'ok' : 'fail', checks: results };
  }

  @Get('metrics')
  @Public()
  @UseGuards(MetricsAccessGuard)
  @ApiUnauthorizedResponse({
    type: ProblemDto,
    description: 'METRICS_TOKEN is set and the bearer token is not it',
  })
  @ApiForbiddenResponse({
    type: ProblemDto,
    description: 'No METRICS_TOKEN and the caller is not on loopback',
  })
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @ApiProblems('COMMON.UNAUTHORIZED', 'COMMON.FORBIDDEN')
  @ApiOperation({
    operationId: 'metrics',
    summary:
      'Prometheus metrics (text exposition format); Authorization: Bearer METRICS_TOKEN, or loopback only when none is set',
  })
  async prometheus(@Res() res: Response): Promise<void> {
    res.header('Content-Type', this.metrics.registry.contentType);
    void res.send(await this.metrics.registry.metrics());
  }
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('timeout')), ms);
    p.then(
      (v) => {
        clearTimeout(t);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(t);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}
