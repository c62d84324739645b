import * as S from './schema';

export class FieldErrorDto {
  @S.Text('The member at fault, as a path (`debtor.name`, `lines.0.amount`), or the parameter or header name')
  field!: string;

  @S.Text('The rule it breaks: `isDefined`, `whitelist`, `isIsoDate`, `matches`… (see the README)')
  rule!: string;

  @S.Text('What the rule asks, in English')
  message!: string;
}

export class ErrorMessagesDto {
  @S.Text('Thông báo bằng tiếng Việt')
  vi!: string;

  @S.Text('The same in English')
  en!: string;
}

/**
 * What every error answers (see libs/platform/src/http/error.filter.ts). Besides the members every
 * error has, each code adds only those listed for it.
 */
export class ErrorResponseDto {
  @S.Integer('The HTTP status, repeated')
  statusCode!: number;

  @S.Text('The HTTP reason phrase (`Bad Request`, `Not Found`…)')
  error!: string;

  @S.Text(
    'Stable, for programs: `VALIDATION_FAILED`, `NOT_FOUND`, a business rule such as `CASE_CLOSED`… Each ' +
      "operation's responses name the codes it can answer.",
  )
  code!: string;

  @S.Text('For people, in English')
  message!: string;

  @S.Nested(() => ErrorMessagesDto, 'A business rule (409, 422): its message in Vietnamese and English', {
    optional: true,
  })
  messages?: ErrorMessagesDto;

  @S.FreeObject(
    'A business rule (409, 422): the values it was judged on, by name (strings, numbers, booleans or null)',
    {
      optional: true,
    },
  )
  details?: Record<string, string | number | boolean | null>;

  @S.ListOf(() => FieldErrorDto, '`VALIDATION_FAILED`: each invalid field and the rule it breaks', { optional: true })
  errors?: FieldErrorDto[];

  @S.Integer('`VALIDATION_FAILED`: how many more invalid fields there were beyond the first 100 listed', {
    optional: true,
  })
  errorsOmitted?: number;

  @S.Text('`NOT_FOUND`, `READ_MODEL_QUARANTINED`: the kind of record (`Case`, `Agency`…)', { optional: true })
  resource?: string;

  @S.Text('`NOT_FOUND`, `READ_MODEL_QUARANTINED`: its id', { optional: true })
  id?: string;

  @S.Integer('`PRECONDITION_FAILED`: the revision `If-Match` named', { optional: true })
  expectedRevision?: number;

  @S.Integer('`PRECONDITION_FAILED`: the revision the record is at', { optional: true })
  actualRevision?: number;

  @S.Integer('`HISTORY_UNREADABLE`: the revision of the event this release cannot apply', { optional: true })
  revision?: number;

  @S.Position('`HISTORY_UNREADABLE`, `READ_MODEL_QUARANTINED`: the log position of that event', { optional: true })
  position?: string;

  @S.Texts('`WATCHLIST_NOT_FOUND`: the names of the watchlists there are', { optional: true })
  watchlists?: string[];

  @S.Text("Ties the response to the server's log lines; also in the `X-Correlation-Id` header. Quote it when reporting")
  correlationId!: string;
}
