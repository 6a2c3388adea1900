{{/* Names and labels of the query-gateway chart. */}}
{{- define "query-gateway.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "query-gateway.selectorLabels" -}}
app.kubernetes.io/name: query-gateway
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "query-gateway.labels" -}}
{{ include "query-gateway.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/part-of: featherman
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{- define "query-gateway.tag" -}}
{{- .Values.image.tag | default .Values.global.image.tag | default .Chart.AppVersion -}}
{{- end -}}

{{- define "query-gateway.image" -}}
{{- printf "%s/%s:%s" .Values.global.image.registry .Values.image.repository (include "query-gateway.tag" .) -}}
{{- end -}}

{{- define "query-gateway.workerImage" -}}
{{- printf "%s/%s:%s" .Values.global.image.registry .Values.worker.repository (.Values.worker.tag | default .Values.global.image.tag | default .Chart.AppVersion) -}}
{{- end -}}

{{/* Settings the chart derives; values.config adds to and overrides them. */}}
{{- define "query-gateway.baseConfig" -}}
featherman:
  gateway:
    mode: {{ .Values.mode }}
    cluster:
      namespace: {{ .Values.catalogNamespace | default .Release.Namespace }}
      worker-token-file: /etc/featherman/worker-token/token
      job-image: {{ printf "%s/worker:%s" .Values.global.image.registry (include "query-gateway.tag" .) }}
      # Fallback Jobs need no API access: the namespace's default account.
      job-service-account: default
{{- end -}}
