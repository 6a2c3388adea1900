{{/* Names and labels of the webhook-service chart. */}}
{{- define "webhook-service.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "webhook-service.selectorLabels" -}}
app.kubernetes.io/name: webhook-service
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "webhook-service.labels" -}}
{{ include "webhook-service.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/part-of: featherman
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{- define "webhook-service.tag" -}}
{{- .Values.image.tag | default .Values.global.image.tag | default .Chart.AppVersion -}}
{{- end -}}

{{- define "webhook-service.image" -}}
{{- printf "%s/%s:%s" .Values.global.image.registry .Values.image.repository (include "webhook-service.tag" .) -}}
{{- end -}}
